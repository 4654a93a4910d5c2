package dev.gpumagics.probe;

import dev.gpumagics.internal.cuda.DriverLibraries;
import dev.gpumagics.internal.cuda.NvmlGateway;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.Probed;

/** Devices and compute processes from NVML, through the JavaCPP cuda preset. Creates no CUDA context. */
public final class NvmlProbe implements GpuProbe {

    private final DriverLibraries libraries;

    public NvmlProbe(DriverLibraries libraries) {
        this.libraries = libraries;
    }

    @Override
    public Probed<GpuSnapshot> snapshot() {
        return NvmlGateway.snapshot(libraries);
    }
}
