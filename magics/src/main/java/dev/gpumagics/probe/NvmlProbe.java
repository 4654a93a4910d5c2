package dev.gpumagics.probe;

import dev.gpumagics.internal.DriverLibraries;
import dev.gpumagics.internal.NvmlGateway;

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
