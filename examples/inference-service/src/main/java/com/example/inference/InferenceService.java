package com.example.inference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gpumagics.metrics.GpuMemoryMetrics;
import dev.gpumagics.vars.MapVariables;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Executors;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A tiny model served over JDK HTTP: {@code GET /predict?x=1,2,3,4} answers a score, {@code GET /metrics} Prometheus'
 * text format with the service's own meters and GpuMagics' (the GPU's memory, this process's tensors, cache and context,
 * and its allocation failures by cause). usage: {@code InferenceService [HOST:]PORT} (port 0: the system chooses; the
 * first line printed names the port).
 */
public final class InferenceService {

    private final LinearImpl model;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final GpuMemoryMetrics gpu;
    private final Counter served;
    private final Timer inference;

    private InferenceService() {
        torch.manual_seed(7);
        model = new LinearImpl(4, 1);
        // the diagnosis of a failure names what holds memory by these names
        gpu = new GpuMemoryMetrics(new MapVariables().put("model.weight", model.weight()).put("model.bias", model.bias()));
        gpu.bindTo(registry);
        served = Counter.builder("inference.requests").description("Predictions answered").register(registry);
        inference = Timer.builder("inference.duration").description("Time in the model").register(registry);
    }

    /** The model's score for four inputs; an allocation failure is counted by its cause before it is rethrown. */
    float predict(float[] inputs) {
        try (Tensor x = Tensor.create(inputs, 1, inputs.length); Tensor y = torch.sigmoid(model.forward(x))) {
            return y.item_float();
        } catch (RuntimeException e) {
            gpu.recordFailure(e);
            throw e;
        }
    }

    private void predict(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        float[] inputs;
        try {
            inputs = parse(query == null ? "" : query);
        } catch (IllegalArgumentException e) {
            answer(exchange, 400, e.getMessage() + "\n");
            return;
        }
        Timer.Sample timing = Timer.start(registry);
        float score = predict(inputs);
        timing.stop(inference);
        served.increment();
        answer(exchange, 200, String.format(Locale.ROOT, "%.6f%n", score));
    }

    static float[] parse(String query) {
        if (!query.startsWith("x=")) {
            throw new IllegalArgumentException("ask /predict?x=A,B,C,D (four numbers)");
        }
        String[] parts = query.substring(2).split(",");
        if (parts.length != 4) {
            throw new IllegalArgumentException("four numbers, not " + parts.length + ": /predict?x=A,B,C,D");
        }
        float[] inputs = new float[4];
        try {
            for (int i = 0; i < 4; i++) {
                inputs[i] = Float.parseFloat(parts[i]);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number among " + Arrays.toString(parts) + ": /predict?x=A,B,C,D");
        }
        return inputs;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status == 200 && exchange.getRequestURI().getPath().equals("/metrics")
                ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    public static void main(String[] args) throws IOException {
        String where = args.length > 0 ? args[0] : "127.0.0.1:8080";
        int colon = where.lastIndexOf(':');
        InetSocketAddress address = colon < 0 ? new InetSocketAddress("127.0.0.1", Integer.parseInt(where))
                : new InetSocketAddress(where.substring(0, colon), Integer.parseInt(where.substring(colon + 1)));
        InferenceService service = new InferenceService();
        HttpServer server = HttpServer.create(address, 0);
        server.createContext("/predict", exchange -> {
            try (exchange) {
                service.predict(exchange);
            }
        });
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                answer(exchange, 200, service.registry.scrape());
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        System.out.println("inference service: http://" + address.getHostString() + ":" + server.getAddress().getPort() + "/predict?x=1,2,3,4 and /metrics");
        System.out.flush();
    }
}
