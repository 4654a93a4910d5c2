package dev.gpumagics.neighbours;

import dev.gpumagics.context.ContextOutcome;
import dev.gpumagics.context.checkpoint.ProcessOwners;
import dev.gpumagics.idle.ActivityMeter;
import dev.gpumagics.idle.IdlePolicy;
import dev.gpumagics.idle.IdleSteps;
import dev.gpumagics.idle.IdleWatch;
import dev.gpumagics.release.GcOutcome;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the kernel's courtesy adds to each cell, timed apart from the cell: the idle watch's start and end and the
 * record's two changes (the kernel's {@code KernelCourtesy.cellStarts} and {@code cellEnds}), with the policy off and
 * on ({@code release 5s}: the watch looks every 500 ms meanwhile), side by side in blocks of 100 cells, 2,000 of each
 * after 500. Run with
 * {@code mvn -B -o -pl magics test -Dexcluded.groups=none -Dgroups=benchmark -Dtest=CourtesyCostBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class CourtesyCostBenchmark {

    @TempDir
    Path parent;

    private static final IdleSteps NEVER = new IdleSteps() {
        @Override public GcOutcome release() { throw new AssertionError("no cell is idle 5 s here"); }
        @Override public ContextOutcome suspend() { throw new AssertionError("no suspend step"); }
        @Override public Optional<ContextOutcome> resume() { return Optional.empty(); }
        @Override public boolean parked() { return false; }
        @Override public Optional<String> suspendUnavailable() { return Optional.empty(); }
    };

    @Test
    void offAndOnSideBySide() throws Exception {
        RecordShelf shelf = new RecordShelf(parent, Path.of("/proc"), ProcessOwners.proc().ownUid());
        KernelPresence presence = KernelPresence.start(shelf, "GpuMagics", Optional.of("bench"), Optional.of("bench.ipynb"), KernelState.IDLE,
                Optional.of(IdlePolicy.OFF), List::of, Optional::empty).orElseThrow();
        IdleWatch watch = new IdleWatch(IdlePolicy.OFF, NEVER, new ActivityMeter(CourtesyCostBenchmark.class::getClassLoader, Optional::empty),
                Clock.systemUTC(), () -> { });
        IdlePolicy on = new IdlePolicy(Optional.of(Duration.ofSeconds(5)), Optional.empty());
        List<Long> off = new ArrayList<>();
        List<Long> onTimes = new ArrayList<>();
        try {
            for (int round = 0; round < 25; round++) {
                for (boolean policyOn : new boolean[] {false, true}) {
                    watch.setPolicy(policyOn ? on : IdlePolicy.OFF);
                    for (int cell = 0; cell < 100; cell++) {
                        long t = System.nanoTime();
                        presence.cellStarted();
                        watch.cellStarts();
                        watch.cellEnds();
                        presence.cellEnded();
                        long took = System.nanoTime() - t;
                        if (round >= 5) {
                            (policyOn ? onTimes : off).add(took);
                        }
                        Thread.sleep(0, 200_000); // a trivial cell's own time, so the watch's looks fall between cells
                    }
                }
            }
        } finally {
            watch.close();
            presence.close();
        }
        System.out.printf(Locale.ROOT, "courtesy per cell: policy off %.4f ms median, %.4f ms p95; on (release 5s) %.4f ms median, %.4f ms p95%n",
                millis(off, 50), millis(off, 95), millis(onTimes, 50), millis(onTimes, 95));
    }

    private static double millis(List<Long> nanos, int percentile) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100)) / 1e6;
    }
}
