package dev.gpumagics.exporter;

import dev.gpumagics.neighbours.RecordShelf;
import dev.gpumagics.probe.GpuProbe;
import dev.gpumagics.probe.GpuProbes;
import dev.gpumagics.probe.HostName;
import dev.gpumagics.probe.ProcessTable;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The host exporter: a look at the devices and the records every {@code interval} on a thread of its own, and the last
 * look served to each scrape ({@code /metrics}) or written to node_exporter's textfile folder after each look. A scrape
 * only renders what the last look read: it waits on no probe, no record and no kernel.
 */
public final class HostExporter implements AutoCloseable {

    /**
     * @param listen where to serve {@code /metrics}; empty for none
     * @param textfile node_exporter's textfile folder, to write {@code gpumagics.prom} into after each look; empty for none
     * @param interval how often to look
     */
    public record Settings(Optional<InetSocketAddress> listen, Optional<Path> textfile, Duration interval, boolean showNotebooks) {
        /** How old a look may be before its series are withdrawn: three looks missed, and the probes' own time limits. */
        Duration staleAfter() {
            return interval.multipliedBy(3).plusSeconds(15);
        }
    }

    private final HostSampler sampler;
    private final Settings settings;
    private final Clock clock;
    private volatile HostSample last;
    private final ScheduledExecutorService looks;
    private final Optional<TextfileWriter> textfile;
    private @Nullable HTTPServer server;

    private HostExporter(HostSampler sampler, Settings settings, Clock clock, Optional<TextfileWriter> textfile) {
        this.sampler = sampler;
        this.settings = settings;
        this.clock = clock;
        this.textfile = textfile;
        this.last = sampler.sample();
        this.looks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gpumagics-exporter-look");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** On this host's devices (NVML, else nvidia-smi) and records ({@link RecordShelf#system()}). */
    public static HostExporter start(Settings settings, Consumer<String> problems) throws IOException {
        RecordShelf shelf = RecordShelf.system();
        return start(GpuProbes.system(), shelf, settings, Clock.systemUTC(), problems);
    }

    /**
     * Takes the first look before it returns, so that the first scrape has one.
     *
     * @param problems where a textfile that cannot be written is told, once until it can again
     * @throws IOException where it cannot listen where asked
     */
    static HostExporter start(GpuProbe devices, RecordShelf shelf, Settings settings, Clock clock, Consumer<String> problems) throws IOException {
        HostSampler sampler = new HostSampler(devices, shelf.reader(ProcessTable.system()), clock, HostName.ofThisHost());
        HostExporter exporter = new HostExporter(sampler, settings, clock, settings.textfile().map(dir -> new TextfileWriter(dir, problems)));
        try {
            exporter.serve();
        } catch (IOException | RuntimeException e) {
            exporter.close();
            throw e;
        }
        return exporter;
    }

    private void serve() throws IOException {
        writeTextfile();
        if (settings.listen().isPresent()) {
            PrometheusRegistry registry = new PrometheusRegistry();
            registry.register((MultiCollector) this::scrape);
            InetSocketAddress at = settings.listen().get();
            server = HTTPServer.builder().inetAddress(at.getAddress()).port(at.getPort()).registry(registry).buildAndStart();
        }
        long every = settings.interval().toMillis();
        looks.scheduleWithFixedDelay(this::look, every, every, TimeUnit.MILLISECONDS);
    }

    private void look() {
        last = sampler.sample();
        writeTextfile();
    }

    private void writeTextfile() {
        textfile.ifPresent(writer -> writer.write(scrape()));
    }

    /** What a scrape is answered: the last look's series. */
    public MetricSnapshots scrape() {
        return HostSeries.of(last, clock.instant(), new HostSeries.Options(settings.showNotebooks(), settings.staleAfter()));
    }

    /** The port it serves on (the one the system chose for port 0); empty where it serves none. */
    public Optional<Integer> port() {
        HTTPServer serving = server;
        return serving == null ? Optional.empty() : Optional.of(serving.getPort());
    }

    /** Stops looking and serving, and takes its textfile back: node_exporter would serve a left one as still true. */
    @Override
    public void close() {
        looks.shutdownNow();
        try {
            looks.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        HTTPServer serving = server;
        if (serving != null) {
            serving.close();
        }
        textfile.ifPresent(TextfileWriter::remove);
    }
}
