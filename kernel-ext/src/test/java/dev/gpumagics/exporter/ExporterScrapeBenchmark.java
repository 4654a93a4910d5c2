package dev.gpumagics.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gpumagics.context.checkpoint.ProcessOwners;
import dev.gpumagics.idle.IdlePolicy;
import dev.gpumagics.neighbours.HeldOnGpu;
import dev.gpumagics.neighbours.KernelRecord;
import dev.gpumagics.neighbours.RecordShelf;
import dev.gpumagics.probe.NvidiaSmiProbe;
import dev.gpumagics.probe.ProcessTable;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a scrape of 100 kernels' records and 8 devices costs: the recorded eight-GPU server (eight-busy, through the
 * stand-in nvidia-smi) and 100 records of live processes ({@code sleep}s stand for kernels). A scrape over HTTP, as
 * Prometheus waits for it, and a look (the probe and the records, on the exporter's own thread): the first in this JVM,
 * then median and p95 of 50 after 10. Run with {@code mvn -B -o -pl kernel-ext -am test -Dexcluded.groups=none
 * -Dgroups=benchmark -Dtest=ExporterScrapeBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class ExporterScrapeBenchmark {

    @TempDir
    Path work;

    @Test
    void aHundredKernelsOnEightDevices() throws Exception {
        RecordShelf shelf = new RecordShelf(Files.createDirectories(work.resolve("shm")), Path.of("/proc"), ProcessOwners.proc().ownUid());
        NvidiaSmiProbe devices = new NvidiaSmiProbe(Optional.of(RecordedNvidiaSmi.install(work.resolve("bin"), "eight-busy")));
        List<Process> kernels = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                Process sleeper = new ProcessBuilder("sleep", "600").start();
                kernels.add(sleeper);
                shelf.publish(KernelRecord.builder(sleeper.pid(), shelf.startIdentity(sleeper.pid()).orElseThrow(), "GpuMagics")
                        .kernelId("kernel-" + i).notebook("experiment-" + i + ".ipynb").lastActivity(Instant.now().minusSeconds(i * 60L))
                        .idlePolicy(new IdlePolicy(Optional.of(Duration.ofMinutes(10)), Optional.of(Duration.ofHours(2))))
                        .devices(List.of(new HeldOnGpu(Integer.toString(i % 8), "GPU-" + i % 8, OptionalLong.of(12L << 30), OptionalLong.of(4L << 30),
                                OptionalLong.of(8L << 30)))).build());
            }
            HostSampler sampler = new HostSampler(devices, shelf.reader(ProcessTable.system()), Clock.systemUTC(), Optional.of("bench"));
            assertEquals(100, sampler.sample().kernels().kernels().size());
            report("a look (nvidia-smi x3, 100 records)", () -> sampler.sample().kernels().kernels().size());
            HostExporter.Settings settings = new HostExporter.Settings(Optional.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                    Optional.empty(), Duration.ofSeconds(5), true);
            HttpClient http = HttpClient.newHttpClient();
            try (HostExporter exporter = HostExporter.start(devices, shelf, settings, Clock.systemUTC(), p -> { })) {
                HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + exporter.port().orElseThrow() + "/metrics")).build();
                report("a scrape over HTTP", () -> {
                    try {
                        return http.send(scrape, HttpResponse.BodyHandlers.ofString()).body().length();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        } finally {
            kernels.forEach(Process::destroyForcibly);
        }
    }

    private static void report(String what, Supplier<Integer> once) {
        long start = System.nanoTime();
        int size = once.get();
        double first = (System.nanoTime() - start) / 1e6;
        for (int i = 0; i < 10; i++) {
            once.get();
        }
        double[] warm = new double[50];
        for (int i = 0; i < warm.length; i++) {
            long t = System.nanoTime();
            once.get();
            warm[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(warm);
        System.out.printf(Locale.ROOT, "%s: first %.1f ms; then median %.1f ms, p95 %.1f ms (%d)%n", what, first, warm[25], warm[47], size);
    }
}
