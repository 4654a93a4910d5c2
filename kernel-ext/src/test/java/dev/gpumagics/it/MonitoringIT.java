package dev.gpumagics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring people already run, end to end on loopback: Debian's Prometheus (a generated config, a 1 s scrape, its
 * own storage) scrapes the exporter (java -jar gpumagics.jar exporter) and the example service; one of our kernels holds a
 * tensor through jupyter_client (monitoring_session.py), which also asks it usage_request on the control channel. A
 * stand-in nvidia-smi lists one H100 and the kernel's pid on it, for the exporter, the service and the kernel alike.
 */
class MonitoringIT {

    static final String UUID = "GPU-1f2e3d4c-5b6a-7980-a1b2-c3d4e5f60718";
    static final long MIB = 1L << 20;
    static final long KERNEL_MIB = 1234;

    @TempDir
    static Path work;
    static final List<Process> started = new ArrayList<>();
    static final HttpClient http = HttpClient.newHttpClient();
    static JsonObject session;
    static String prometheus;
    static Process sessionDriver;

    @BeforeAll
    static void everythingRunning() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prometheus")), "Debian's prometheus is not installed: .ci/run installs it");
        Path example = Path.of(System.getProperty("gpumagics.example", "../examples/inference-service/target")).toAbsolutePath();
        assumeTrue(Files.exists(example.resolve("classpath.txt")), "the example service is not built: " + example);
        Jupyter jupyter = Jupyter.install(work);
        Path pids = Files.createDirectories(work.resolve("pids"));
        Path bin = standInNvidiaSmi(pids);
        Path shm = Files.createDirectories(work.resolve("shm"));
        Map<String, String> env = Map.of("PATH", bin + ":" + Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin",
                "GPUMAGICS_KERNELS_DIR", shm.toString(), "JUPYTER_DATA_DIR", jupyter.dataDir.toString(), "JUPYTER_PATH", jupyter.dataDir.toString(),
                "JUPYTER_RUNTIME_DIR", Files.createDirectories(work.resolve("runtime")).toString());

        sessionDriver = start(env, "session", Jupyter.PYTHON.toString(), jupyter.scripts.resolve("monitoring_session.py").toString(),
                Jupyter.KERNEL, pids.toString(), UUID, Long.toString(KERNEL_MIB), work.resolve("stop").toString());
        session = JsonParser.parseString(firstLine(sessionDriver, "session", Duration.ofMinutes(5), "{")).getAsJsonObject();

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process exporter = start(env, "exporter", java, "-jar", jupyter.jar.toString(), "exporter", "--listen", "127.0.0.1:0", "--interval", "1s");
        String exporterPort = port(firstLine(exporter, "exporter", Duration.ofMinutes(1), "gpumagics exporter: serving"));
        Process service = start(env, "service", java, "-cp", example.resolve("classes") + ":" + Files.readString(example.resolve("classpath.txt")).strip(),
                "com.example.inference.InferenceService", "127.0.0.1:0");
        String servicePort = port(firstLine(service, "service", Duration.ofMinutes(2), "inference service:"));
        HttpResponse<String> predicted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + servicePort + "/predict?x=1,2,3,4")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, predicted.statusCode(), predicted.body());

        int prometheusPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            prometheusPort = free.getLocalPort();
        }
        Path config = work.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: gpumagics
                    static_configs: [{targets: ['127.0.0.1:%s']}]
                  - job_name: inference
                    static_configs: [{targets: ['127.0.0.1:%s']}]
                """.formatted(exporterPort, servicePort));
        start(Map.of(), "prometheus", "/usr/bin/prometheus", "--config.file=" + config, "--storage.tsdb.path=" + work.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + prometheusPort);
        prometheus = "http://127.0.0.1:" + prometheusPort;
    }

    /** One H100 80GB, and every pid the session wrote, each with its memory. */
    static Path standInNvidiaSmi(Path pids) throws IOException {
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path smi = bin.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\ncase \"$1\" in\n"
                + "  --query-gpu=*) echo '0, " + UUID + ", NVIDIA H100 80GB HBM3, 81559, 8792, 72767, 0, 580.159.04' ;;\n"
                + "  --query-compute-apps=*) cat " + pids + "/*.csv 2>/dev/null; true ;;\n  *) exit 2 ;;\nesac\n");
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    static Process start(Map<String, String> env, String name, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectError(work.resolve(name + ".err").toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        started.add(process);
        return process;
    }

    /** The first line of its output that starts so; its later output goes on to be read, and dropped, by a thread. */
    static String firstLine(Process process, String name, Duration wait, String prefix) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> found = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (!found.isDone() && line.startsWith(prefix)) {
                        found.complete(line);
                    }
                }
                found.completeExceptionally(new IllegalStateException(name + " ended without '" + prefix + "': "
                        + Files.readString(work.resolve(name + ".err"))));
            } catch (IOException e) {
                found.completeExceptionally(e);
            }
        }, "monitoring-it-" + name);
        reader.setDaemon(true);
        reader.start();
        return found.get(wait.toSeconds(), TimeUnit.SECONDS);
    }

    static String port(String line) {
        Matcher port = Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(line);
        assertTrue(port.find(), line);
        return port.group(1);
    }

    /** The instant query's result, once it has at least {@code atLeast} series (Prometheus scrapes every second). */
    static JsonArray query(String promql, int atLeast) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        JsonArray result = new JsonArray();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(prometheus + "/api/v1/query?query="
                        + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    result = JsonParser.parseString(answer.body()).getAsJsonObject().getAsJsonObject("data").getAsJsonArray("result");
                    if (result.size() >= atLeast) {
                        return result;
                    }
                }
            } catch (IOException e) {
                // Prometheus is still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError(promql + ": " + result + " after 90 s; prometheus said: " + Files.readString(work.resolve("prometheus.err")));
    }

    static JsonObject one(String promql) throws Exception {
        JsonArray result = query(promql, 1);
        assertEquals(1, result.size(), promql + ": " + result);
        return result.get(0).getAsJsonObject();
    }

    static double value(JsonObject series) {
        return Double.parseDouble(series.getAsJsonArray("value").get(1).getAsString());
    }

    static String label(JsonObject series, String name) {
        JsonElement value = series.getAsJsonObject("metric").get(name);
        return value == null ? "(none)" : value.getAsString();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (work != null) {
            Files.writeString(work.resolve("stop"), "");
        }
        if (sessionDriver != null) {
            sessionDriver.waitFor(60, TimeUnit.SECONDS); // it shuts its kernel down
        }
        for (Process process : started) {
            process.destroy();
        }
        for (Process process : started) {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void prometheusFindsTheKernelWithWhoseNotebookItIsAndTheBytesTheDeviceShowsForIt() throws Exception {
        String pid = session.get("pid").getAsString();
        JsonObject used = one("gpumagics_kernel_memory_used_bytes{job=\"gpumagics\",pid=\"" + pid + "\"}");
        assertEquals(KERNEL_MIB * MIB, value(used), used.toString());
        assertEquals(System.getProperty("user.name"), label(used, "user"));
        assertEquals(session.get("kernel_id").getAsString(), label(used, "kernel_id"));
        assertEquals("monitored.ipynb", label(used, "notebook"), "its name only, as the record shows it to everyone");
        assertEquals("0", label(used, "gpu"));
        assertEquals(UUID, label(used, "UUID"));
        assertTrue(!label(used, "Hostname").equals("(none)"), used.toString());
        JsonObject idle = one("gpumagics_kernel_idle_seconds{pid=\"" + pid + "\"}");
        assertTrue(value(idle) >= 0, idle.toString());
        one("gpumagics_kernel_info{pid=\"" + pid + "\",kernel_type=\"GpuMagics\",state=\"idle\"}");
        JsonObject total = one("gpumagics_device_memory_total_bytes{job=\"gpumagics\",UUID=\"" + UUID + "\"}");
        assertEquals(81559 * MIB, value(total));
        assertEquals(0.0, value(one("gpumagics_device_other_processes_memory_bytes{job=\"gpumagics\"}")), "the kernel is the one process");
    }

    /** docs/MONITORING.md's and README's "idle kernels holding the most memory", with an hour's idling made none. */
    @Test
    void theReadmesIdleKernelsQueryRanksTheKernel() throws Exception {
        String readme = "topk(10, sum by (Hostname, user, notebook, pid) (gpumagics_kernel_memory_used_bytes)\n"
                + "         and on (Hostname, pid) (gpumagics_kernel_idle_seconds > 3600))";
        JsonArray ranked = query(readme.replace("> 3600", ">= 0"), 1);
        assertEquals(session.get("pid").getAsString(), label(ranked.get(0).getAsJsonObject(), "pid"), ranked.toString());
        assertEquals(KERNEL_MIB * MIB, value(ranked.get(0).getAsJsonObject()));
    }

    @Test
    void prometheusFindsTheServicesRequestAndTheDeviceItSees() throws Exception {
        assertEquals(1.0, value(one("inference_requests_total{job=\"inference\"}")));
        JsonObject total = one("gpumagics_gpu_memory_total_bytes{job=\"inference\",gpu=\"0\",UUID=\"" + UUID + "\"}");
        assertEquals(81559 * MIB, value(total));
        assertEquals(6, query("gpumagics_allocation_failures_total{job=\"inference\"} == 0", 6).size(), "every cause, none yet");
    }

    @Test
    void usageRequestIsAnsweredInIpykernelsFieldsWithTheKernelsGpuMemoryAdded() {
        JsonObject first = session.getAsJsonObject("first");
        JsonObject second = session.getAsJsonObject("second");
        assertEquals("usage_reply", second.get("msg_type").getAsString());
        JsonObject content = second.getAsJsonObject("content");
        for (String field : List.of("hostname", "pid", "kernel_cpu", "kernel_memory", "host_cpu_percent", "cpu_count", "host_virtual_memory")) {
            assertTrue(content.has(field), field + " in " + content);
        }
        assertTrue(!first.getAsJsonObject("content").has("host_cpu_percent"), "the first has nothing to compare with, as ipykernel's");
        assertEquals(session.get("pid").getAsLong(), content.get("pid").getAsLong());
        assertTrue(content.get("kernel_memory").getAsLong() > 100 * MIB, "a JVM with libtorch and a 4 MiB tensor: " + content);
        JsonObject memory = content.getAsJsonObject("host_virtual_memory");
        assertTrue(memory.get("total").getAsLong() > memory.get("available").getAsLong(), memory.toString());
        JsonArray gpu = content.getAsJsonArray("gpu");
        assertEquals(1, gpu.size(), content.toString());
        JsonObject device = gpu.get(0).getAsJsonObject();
        assertEquals(UUID, device.get("uuid").getAsString());
        assertEquals(81559 * MIB, device.get("memory_total").getAsLong());
        assertEquals(KERNEL_MIB * MIB, device.get("kernel_memory").getAsLong(), "its own row in nvidia-smi");
    }
}
