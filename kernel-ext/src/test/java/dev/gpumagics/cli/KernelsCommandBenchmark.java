package dev.gpumagics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.context.checkpoint.ProcessOwners;
import dev.gpumagics.neighbours.KernelRecord;
import dev.gpumagics.neighbours.RecordShelf;
import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar gpumagics.jar kernels --json} over 100 records of live processes (100 {@code sleep}s), each run a fresh
 * JVM as a user runs it, against {@code --help} (the same JVM start, no records read), side by side: 10 of each,
 * alternating, after 2. Needs the shaded jar (mvn package). Run with
 * {@code mvn -B -o -pl kernel-ext -am verify -DskipITs -Dexcluded.groups=none -Dgroups=benchmark -Dtest=KernelsCommandBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class KernelsCommandBenchmark {

    @TempDir
    Path parent;

    @Test
    void aHundredRecordsFromAFreshJvm() throws Exception {
        Path jar = Path.of(System.getProperty("gpumagics.jar", "target/gpumagics.jar")).toAbsolutePath();
        assertTrue(jar.toFile().isFile(), "mvn package first: " + jar);
        RecordShelf shelf = new RecordShelf(parent, Path.of("/proc"), ProcessOwners.proc().ownUid());
        List<Process> sleepers = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                Process sleeper = new ProcessBuilder("sleep", "600").start();
                sleepers.add(sleeper);
                shelf.publish(KernelRecord.builder(sleeper.pid(), shelf.startIdentity(sleeper.pid()).orElseThrow(), "GpuMagics")
                        .notebook("experiment-" + i + ".ipynb").lastActivity(Instant.now().minusSeconds(i * 60L)).build());
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            double[] kernels = new double[10];
            double[] help = new double[10];
            for (int i = -2; i < 10; i++) {
                double k = wall(List.of(java, "-jar", jar.toString(), "kernels", "--json"));
                double h = wall(List.of(java, "-jar", jar.toString(), "--help"));
                if (i >= 0) {
                    kernels[i] = k;
                    help[i] = h;
                }
            }
            Arrays.sort(kernels);
            Arrays.sort(help);
            System.out.printf(Locale.ROOT, "kernels --json over 100 records: median %.0f ms (min %.0f); --help: median %.0f ms (min %.0f); "
                    + "difference of medians %.0f ms%n", (kernels[4] + kernels[5]) / 2, kernels[0], (help[4] + help[5]) / 2, help[0],
                    (kernels[4] + kernels[5]) / 2 - (help[4] + help[5]) / 2);
        } finally {
            sleepers.forEach(Process::destroyForcibly);
        }
    }

    private double wall(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(new File("/dev/null")).redirectErrorStream(true);
        builder.environment().put(RecordShelf.DIRECTORY_VARIABLE, parent.toString());
        long start = System.nanoTime();
        Process process = builder.start();
        assertEquals(0, process.waitFor());
        return (System.nanoTime() - start) / 1e6;
    }
}
