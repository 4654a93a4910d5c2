package dev.gpumagics.probe;

import dev.gpumagics.internal.cuda.DriverLibraries;
import dev.gpumagics.internal.cuda.NvmlGateway;
import dev.gpumagics.probe.value.Probed;
import java.util.Map;

/**
 * Whether a process has been computing on its GPUs: the highest SM utilization NVML sampled for it on each device since a
 * time ({@code nvmlDeviceGetProcessUtilization}, what {@code nvidia-smi pmon -s u} shows as {@code sm}). Creates no CUDA
 * context.
 */
public final class GpuWorkProbe {

    private final DriverLibraries libraries;

    public GpuWorkProbe(DriverLibraries libraries) {
        this.libraries = libraries;
    }

    /**
     * @param sinceMicros the wall clock in microseconds of the last look: samples from then on count
     * @return per device index, the highest SM utilization in percent sampled for {@code pid}, 0 where none
     */
    public Probed<Map<Integer, Integer>> smPercentSince(long pid, long sinceMicros) {
        return NvmlGateway.processSmPercent(libraries, pid, sinceMicros);
    }
}
