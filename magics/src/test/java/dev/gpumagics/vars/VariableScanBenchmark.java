package dev.gpumagics.vars;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gpumagics.TorchTesting;
import dev.gpumagics.release.FreeOutcome;
import dev.gpumagics.release.FreeRequest;
import dev.gpumagics.release.MemoryRelease;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 4's benchmark: 1,000 variables holding 10,000 tensors and 100 modules; the scan (goal under
 * 50 ms) and {@code %gpufree --all} on them. Run with
 * {@code mvn -B -o -pl magics test -Dexcluded.groups=none -Dgroups=benchmark -Dtest=VariableScanBenchmark}.
 */
@Tag("benchmark")
class VariableScanBenchmark {

    @Test
    void scanAndFreeAll() {
        TorchTesting.access();
        MapVariables vars = populate();
        MemoryRelease release = MemoryRelease.of(vars);

        for (int i = 0; i < 5; i++) {
            release.holdings(); // JIT warm-up
        }
        long[] scans = new long[21];
        Holdings holdings = null;
        for (int i = 0; i < scans.length; i++) {
            long start = System.nanoTime();
            holdings = release.holdings();
            scans[i] = System.nanoTime() - start;
        }
        Arrays.sort(scans);
        assertEquals(1000, holdings.variables().size());
        assertEquals(10_000 + 100 * 2, holdings.storages().size(), "10,000 tensors and 100 modules' weight and bias");

        long start = System.nanoTime();
        FreeOutcome.Done done = (FreeOutcome.Done) release.free(FreeRequest.everything());
        long free = System.nanoTime() - start;
        assertEquals(holdings.totalBytes(), done.reclaimedBytes());

        System.out.printf(Locale.ROOT, "BENCHMARK scan: median %.1f ms, min %.1f ms, max %.1f ms (21 scans after 5 warm-up)%n",
                scans[10] / 1e6, scans[0] / 1e6, scans[20] / 1e6);
        System.out.printf(Locale.ROOT, "BENCHMARK gpufree --all: %.1f ms (scan, holds, closing 10,100 handles, GC, checks); reclaimed %d bytes%n",
                free / 1e6, done.reclaimedBytes());
    }

    /** 900 variables with a list of 11 or 12 tensors each (10,000 in all), 100 with a small module each. */
    private static MapVariables populate() {
        MapVariables vars = new MapVariables();
        int made = 0;
        for (int v = 0; v < 900; v++) {
            int count = v < 100 ? 12 : 11;
            List<Tensor> tensors = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                tensors.add(torch.ones(64));
                made++;
            }
            vars.put("batch" + v, "List<Tensor>", tensors);
        }
        assertEquals(10_000, made);
        for (int m = 0; m < 100; m++) {
            vars.put("model" + m, "LinearImpl", new LinearImpl(32, 32));
        }
        return vars;
    }
}
