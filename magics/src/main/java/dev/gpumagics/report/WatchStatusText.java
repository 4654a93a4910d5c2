package dev.gpumagics.report;

import dev.gpumagics.watch.CellWatch;
import dev.gpumagics.watch.GpuSample;

/** What {@code %gpuwatch} says when switched: what it will show after each cell, and what it can measure here. */
public final class WatchStatusText {

    private WatchStatusText() {}

    /**
     * @param hostPeakExact whether the host's peak mark can be reset here (else the peak is sampled)
     * @param gpu one look at the GPUs, as the watch will take them
     */
    public static String on(boolean live, boolean hostPeakExact, GpuSample gpu) {
        StringBuilder out = new StringBuilder("gpuwatch on: after each cell, one line of what it did to memory");
        if (live) {
            out.append("; a cell running over ").append(round(CellWatch.Timing.DEFAULT.liveAfter()))
                    .append(" shows a live view, updated every ").append(round(CellWatch.Timing.DEFAULT.framePeriod()));
        }
        out.append(". %gpuwatch off stops it.\n");
        out.append("Measured here: the host's resident set ")
                .append(hostPeakExact ? "with its exact peak (VmHWM, reset as each cell starts)" : "with its peak sampled every "
                        + round(CellWatch.Timing.DEFAULT.samplePeriod()) + " (this Linux does not reset VmHWM)")
                .append(" and JavaCPP's native bytes; ");
        if (gpu.notRead().isPresent()) {
            out.append("no GPU read after each cell: ").append(gpu.notRead().get()).append('.');
        } else {
            out.append(gpu.devices().size() == 1 ? "1 GPU" : gpu.devices().size() + " GPUs").append(" through NVML");
            boolean allocator = gpu.devices().stream().anyMatch(d -> d.allocator().isPresent());
            out.append(allocator ? ", with libtorch's allocated and reserved bytes and their peak counters ("
                    + String.join(", ", gpu.devices().stream().filter(d -> d.allocator().isPresent()).map(d -> DeviceWords.label(d.id())).toList())
                    + ")" : "; libtorch's allocated and reserved bytes once its CUDA runs");
            out.append('.');
        }
        return out.toString();
    }

    /** "2 s", "200 ms": the watch's own periods are round figures. */
    private static String round(java.time.Duration period) {
        return period.toMillis() % 1000 == 0 ? period.toSeconds() + " s" : period.toMillis() + " ms";
    }

    public static String off() {
        return "gpuwatch off: cells are no longer watched.";
    }

    public static String status(boolean on, boolean live) {
        return on ? "gpuwatch is on" + (live ? ", with the live view for long cells" : ", without the live view")
                + ". %gpuwatch off stops it." : "gpuwatch is off. %gpuwatch on watches every cell's memory.";
    }
}
