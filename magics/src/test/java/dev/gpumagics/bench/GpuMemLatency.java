package dev.gpumagics.bench;

import dev.gpumagics.GpuMemory;
import dev.gpumagics.command.GpuMemMagic;
import dev.gpumagics.command.RecordingNotebook;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The latency of {@code %gpumem}, rendering included: {@code cold} times the first call in this JVM
 * (our classes loading, the driver probed), {@code warm} the median and p95 of 100 calls after 10.
 * Run by bench/gpumem-latency.sh, which starts a fresh JVM for each cold figure.
 */
public final class GpuMemLatency {

    private GpuMemLatency() {}

    public static void main(String[] args) {
        List<Object> sink = new ArrayList<>();
        RecordingNotebook notebook = RecordingNotebook.withoutVariables();
        long start = System.nanoTime();
        GpuMemMagic magic = new GpuMemMagic(GpuMemory.forThisProcess(), GpuMemLatency.class::getClassLoader);
        sink.addAll(magic.call(List.of(), notebook));
        long cold = System.nanoTime() - start;
        if (args.length > 0 && args[0].equals("cold")) {
            System.out.printf(Locale.ROOT, "cold_ms %.2f%n", cold / 1e6);
            return;
        }
        for (int i = 0; i < 10; i++) {
            sink.addAll(magic.call(List.of(), notebook));
        }
        double[] warm = new double[100];
        for (int i = 0; i < warm.length; i++) {
            long t = System.nanoTime();
            sink.addAll(magic.call(List.of(), notebook));
            warm[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(warm);
        System.out.printf(Locale.ROOT, "warm_ms min %.3f median %.3f p95 %.3f max %.3f (%d displays)%n",
                warm[0], warm[49], warm[94], warm[99], sink.size());
    }
}
