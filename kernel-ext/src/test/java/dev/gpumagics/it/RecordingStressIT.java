package dev.gpumagics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.install.StartupArchive;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * install's recording run (kernel --train under -XX:ArchiveClassesAtExit), many times over, while both
 * cores are kept busy and loopback ports of the ephemeral range come and go as other kernels' client
 * connections make them: every run records its archive and none comes near the limit. A port picked
 * free and bound later can be taken in between; bench/train-port-race.sh makes that race frequent.
 */
class RecordingStressIT {

    private static final int RUNS = 10;

    @Test
    void theRecordingRunAlwaysEndsUnderLoadAndPortChurn(@TempDir Path work) throws Exception {
        Path jar = Path.of(System.getProperty("gpumagics.jar", "target/gpumagics.jar")).toAbsolutePath();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> load = new ArrayList<>();
        try (ServerSocket listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
                load.add(daemon(() -> {
                    long x = 0;
                    while (running.get()) {
                        x += System.nanoTime() % 7;
                    }
                    return x;
                }));
            }
            load.add(daemon(() -> {
                while (running.get()) {
                    try (Socket accepted = listener.accept()) {
                        accepted.setSoLinger(true, 0);
                    }
                }
                return 0;
            }));
            for (int i = 0; i < 3; i++) {
                load.add(daemon(() -> {
                    while (running.get()) {
                        try (Socket client = new Socket()) {
                            client.setSoLinger(true, 0);
                            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()));
                        }
                    }
                    return 0;
                }));
            }
            List<String> outcomes = new ArrayList<>();
            long slowest = 0;
            for (int run = 0; run < RUNS; run++) {
                Path archive = work.resolve("run" + run + ".jsa");
                long start = System.nanoTime();
                Optional<String> failure = StartupArchive.inChildJvm().record(java, jar, archive);
                long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                slowest = Math.max(slowest, millis);
                outcomes.add(failure.orElse("recorded") + " in " + millis + " ms");
                assertTrue(Files.isRegularFile(archive) || failure.isPresent());
            }
            assertEquals(RUNS, outcomes.stream().filter(o -> o.startsWith("recorded")).count(), outcomes.toString());
            assertTrue(slowest < StartupArchive.LIMIT.toMillis() / 2, "slowest run " + slowest + " ms: " + outcomes);
        } finally {
            running.set(false);
        }
    }

    private interface Work {
        long run() throws IOException;
    }

    private static Thread daemon(Work work) {
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (IOException e) {
                // the listener closed: the test is over
            }
        }, "recording-stress-load");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
