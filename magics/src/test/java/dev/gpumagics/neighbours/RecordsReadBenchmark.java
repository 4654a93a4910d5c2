package dev.gpumagics.neighbours;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gpumagics.context.checkpoint.ProcessOwners;
import dev.gpumagics.idle.IdlePolicy;
import dev.gpumagics.probe.ProcessTable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code kernels} spends reading 100 records, each of a live process (100 {@code sleep}s stand for 100 kernels):
 * the reader's whole listing, every check included (folder and file owners, /proc's owner and start tick, the bounded
 * read, the parse, the user's name). The first listing in this JVM, then the median and p95 of 50 after 10. Run with
 * {@code mvn -B -o -pl magics test -Dexcluded.groups=none -Dgroups=benchmark -Dtest=RecordsReadBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class RecordsReadBenchmark {

    @TempDir
    Path parent;

    @Test
    void aHundredRecords() throws Exception {
        RecordShelf shelf = new RecordShelf(parent, Path.of("/proc"), ProcessOwners.proc().ownUid());
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
            RecordReader reader = shelf.reader(ProcessTable.system());
            long start = System.nanoTime();
            assertEquals(100, reader.list().kernels().size());
            double first = (System.nanoTime() - start) / 1e6;
            for (int i = 0; i < 10; i++) {
                reader.list();
            }
            double[] warm = new double[50];
            for (int i = 0; i < warm.length; i++) {
                long t = System.nanoTime();
                assertEquals(100, reader.list().kernels().size());
                warm[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(warm);
            System.out.printf(Locale.ROOT, "100 records: first listing %.1f ms; then median %.1f ms, p95 %.1f ms%n", first, warm[25], warm[47]);
        } finally {
            kernels.forEach(Process::destroyForcibly);
        }
    }
}
