package dev.gpumagics.probe;

import dev.gpumagics.internal.cuda.DriverLibraries;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.Probed;

/** NVML first; nvidia-smi where the NVML binding cannot load. */
public final class GpuProbes {

    private GpuProbes() {}

    public static GpuProbe system() {
        return firstAvailable(new NvmlProbe(DriverLibraries.system()), NvidiaSmiProbe.onPath());
    }

    /** The first probe's answer if present, else the fallback's; if neither, why the first failed and the fallback too. */
    public static GpuProbe firstAvailable(GpuProbe preferred, GpuProbe fallback) {
        return () -> {
            Probed<GpuSnapshot> first = preferred.snapshot();
            if (first.isPresent()) {
                return first;
            }
            Probed<GpuSnapshot> second = fallback.snapshot();
            if (second.isPresent()) {
                return second;
            }
            Probed.Unavailable<GpuSnapshot> why = (Probed.Unavailable<GpuSnapshot>) first;
            Probed.Unavailable<GpuSnapshot> alsoWhy = (Probed.Unavailable<GpuSnapshot>) second;
            return Probed.unavailable(why.reason() + "; " + alsoWhy.reason(), why.hint());
        };
    }
}
