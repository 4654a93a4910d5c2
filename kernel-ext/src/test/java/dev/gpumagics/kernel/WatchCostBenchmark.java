package dev.gpumagics.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gpumagics.jupyter.kernel.CellOutput;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What {@code %gpuwatch} adds to a trivial cell ({@code 1+1}) in the kernel, timed apart from the cell itself: the watch's
 * start (peak resets, the first sample, the timer) and its end (the last sample, the variables the cell's snippets
 * touched, the line as text and HTML), with libtorch loaded and 12 or 1,000 tensor variables in the notebook. Off, the
 * same calls are timed too. Median and p95 of 200 cells after 50. Run with
 * {@code mvn -B -o -pl kernel-ext -am test -Dexcluded.groups=none -Dgroups=benchmark -Dtest=WatchCostBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class WatchCostBenchmark {

    private static final int CELLS = 200;
    private static final int WARM_UP = 50;

    @Test
    void twelveVariables() {
        measure(12);
    }

    @Test
    void aThousandVariables() {
        measure(1000);
    }

    private static void measure(int variables) {
        try (NotebookShell shell = NotebookShell.start()) {
            shell.eval("import org.bytedeco.pytorch.*;\nimport static org.bytedeco.pytorch.global.torch.*;");
            StringBuilder declarations = new StringBuilder();
            for (int i = 0; i < variables; i++) {
                declarations.append("Tensor held").append(i).append(" = ones(16);\n");
                if (i % 100 == 99 || i == variables - 1) {
                    shell.eval(declarations.toString());
                    declarations.setLength(0);
                }
            }
            KernelWatch watch = new KernelWatch(shell);
            AtomicInteger lines = new AtomicInteger();
            CellOutput output = bundle -> lines.incrementAndGet();
            watch.settings().turnOn(true, false);
            List<Long> on = time(watch, shell, output);
            assertEquals(WARM_UP + CELLS, lines.get(), "a line for every watched cell");
            watch.settings().turnOff();
            List<Long> off = time(watch, shell, output);
            assertEquals(WARM_UP + CELLS, lines.get(), "none while off");
            System.out.printf(Locale.ROOT, "%,d tensor variables: watch on %.3f ms median, %.3f ms p95; off %.4f ms median%n",
                    variables, millis(on, 50), millis(on, 95), millis(off, 50));
        }
    }

    /** The watch's own time per cell: its start and its end, not the cell between them. */
    private static List<Long> time(KernelWatch watch, NotebookShell shell, CellOutput output) {
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < WARM_UP + CELLS; i++) {
            long t0 = System.nanoTime();
            KernelWatch.Watched cell = watch.begin(output);
            long t1 = System.nanoTime();
            shell.eval("1+1");
            long t2 = System.nanoTime();
            if (cell != null) {
                cell.end();
            }
            long t3 = System.nanoTime();
            if (i >= WARM_UP) {
                nanos.add((t1 - t0) + (t3 - t2));
            }
        }
        Collections.sort(nanos);
        return nanos;
    }

    private static double millis(List<Long> sorted, int percentile) {
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100)) / 1e6;
    }
}
