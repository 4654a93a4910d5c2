package dev.gpumagics.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.Promtool;
import dev.gpumagics.context.checkpoint.ProcessOwners;
import dev.gpumagics.neighbours.HeldOnGpu;
import dev.gpumagics.neighbours.KernelRecord;
import dev.gpumagics.neighbours.KernelState;
import dev.gpumagics.neighbours.RecordShelf;
import dev.gpumagics.probe.GpuProbe;
import dev.gpumagics.probe.NvidiaSmiProbe;
import dev.gpumagics.probe.RecordedNvidiaSmi;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter on the real records of live processes ({@code sleep}s stand for kernels, each with a record in a shelf
 * of its own) and the recorded eight-GPU server (a stand-in nvidia-smi): served over HTTP, written as a textfile. The
 * kernels are stopped (SIGSTOP): a kernel that could answer nothing, which a scrape must never wait for.
 */
class HostExporterTest {

    static final String GPU2 = "GPU-3c5e11dc-0570-71e2-b0cf-6128e6e96235";

    @TempDir
    Path work;
    RecordShelf shelf;
    final List<Process> kernels = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void threeStoppedKernelsWithRecords() throws Exception {
        Path parent = Files.createDirectories(work.resolve("shm"));
        shelf = new RecordShelf(parent, Path.of("/proc"), ProcessOwners.proc().ownUid());
        for (int i = 0; i < 3; i++) {
            Process sleeper = new ProcessBuilder("sleep", "600").start();
            kernels.add(sleeper);
            shelf.publish(KernelRecord.builder(sleeper.pid(), shelf.startIdentity(sleeper.pid()).orElseThrow(), "GpuMagics")
                    .kernelId("k" + i).notebook("nb-" + i + ".ipynb").lastActivity(Instant.now().minusSeconds(60)).state(KernelState.IDLE)
                    .devices(List.of(new HeldOnGpu("2", GPU2, OptionalLong.of(2L << 30), OptionalLong.of(1L << 30), OptionalLong.of(512L << 20))))
                    .build());
            new ProcessBuilder("kill", "-STOP", Long.toString(sleeper.pid())).start().waitFor();
        }
    }

    @AfterEach
    void endThem() {
        kernels.forEach(Process::destroyForcibly);
    }

    GpuProbe eightBusy() {
        return new NvidiaSmiProbe(Optional.of(RecordedNvidiaSmi.install(work.resolve("bin"), "eight-busy")));
    }

    static HostExporter.Settings listening(Duration interval) throws Exception {
        return new HostExporter.Settings(Optional.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), Optional.empty(), interval, true);
    }

    String get(HostExporter exporter) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + exporter.port().orElseThrow() + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        return answer.body();
    }

    @Test
    void aScrapeOverHttpNamesEveryKernelWhileTheyAreStoppedAndPromtoolPassesIt() throws Exception {
        try (HostExporter exporter = HostExporter.start(eightBusy(), shelf, listening(Duration.ofSeconds(5)), Clock.systemUTC(), problem -> { })) {
            String body = get(exporter);
            Scrape scrape = Scrape.of(body);
            for (int i = 0; i < 3; i++) {
                Map<String, String> kernel = Map.of("pid", Long.toString(kernels.get(i).pid()), "kernel_id", "k" + i, "notebook", "nb-" + i + ".ipynb",
                        "user", System.getProperty("user.name"), "gpu", "2", "UUID", GPU2);
                assertEquals(Optional.of((double) (1L << 30)), scrape.value("gpumagics_kernel_tensors_bytes", kernel), body);
            }
            assertEquals(8, scrape.find("gpumagics_device_info", Map.of()).size());
            Promtool.assertClean(body);
            for (Process kernel : kernels) {
                String state = Files.readString(Path.of("/proc/" + kernel.pid() + "/stat"));
                assertEquals("T", state.substring(state.lastIndexOf(')') + 2, state.lastIndexOf(')') + 3), "still stopped, never woken: " + state);
            }
        }
    }

    @Test
    void aScrapeNeverWaitsForALookThatHangs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger looks = new AtomicInteger();
        GpuProbe real = eightBusy();
        GpuProbe hangsAfterTheFirst = () -> {
            if (looks.incrementAndGet() > 1) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return real.snapshot();
        };
        try (HostExporter exporter = HostExporter.start(hangsAfterTheFirst, shelf, listening(Duration.ofMillis(100)), Clock.systemUTC(), p -> { })) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (looks.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(2, looks.get(), "the second look is in the probe, hanging");
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                String body = get(exporter);
                long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(took < 1000, "a scrape took " + took + " ms while a look hung");
                assertTrue(body.contains("gpumagics_kernel_tensors_bytes"), "the last look's series: " + body);
            }
        } finally {
            release.countDown();
        }
    }

    @Test
    void theTextfileIsWrittenWholeForNodeExporterAndTakenBackAtTheEnd() throws Exception {
        Path textfiles = Files.createDirectories(work.resolve("textfile"));
        List<String> problems = new ArrayList<>();
        Path file = textfiles.resolve("gpumagics.prom");
        HostExporter.Settings settings = new HostExporter.Settings(Optional.empty(), Optional.of(textfiles), Duration.ofMillis(200), true);
        try (HostExporter exporter = HostExporter.start(eightBusy(), shelf, settings, Clock.systemUTC(), problems::add)) {
            assertEquals(Optional.empty(), exporter.port(), "no port asked for, none served");
            assertTrue(Files.exists(file), "written before start returns");
            Thread.sleep(700);
            String text = Files.readString(file);
            assertTrue(Scrape.of(text).value("gpumagics_kernel_idle_seconds", Map.of("pid", Long.toString(kernels.get(0).pid()))).isPresent(), text);
            try (var listed = Files.list(textfiles)) {
                assertEquals(List.of(file), listed.toList(), "no partial file left beside it");
            }
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            Promtool.assertClean(text);
        }
        assertFalse(Files.exists(file), "node_exporter would serve a file left behind as still true");
        assertEquals(List.of(), problems);
    }

    @Test
    void aTextfileFolderThatCannotBeWrittenIsToldOnce() throws Exception {
        Path gone = work.resolve("no-such-folder");
        List<String> problems = new ArrayList<>();
        HostExporter.Settings settings = new HostExporter.Settings(Optional.empty(), Optional.of(gone), Duration.ofMillis(100), true);
        try (HostExporter exporter = HostExporter.start(eightBusy(), shelf, settings, Clock.systemUTC(), problems::add)) {
            Thread.sleep(500);
        }
        assertEquals(1, problems.stream().distinct().count(), problems.toString());
        assertTrue(problems.get(0).startsWith("gpumagics exporter: cannot write " + gone.resolve("gpumagics.prom")), problems.get(0));
    }
}
