package dev.gpumagics.probe;

import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.Probed;

/** Reads the devices and their compute processes; never throws, never creates a CUDA context. */
@FunctionalInterface
public interface GpuProbe {
    Probed<GpuSnapshot> snapshot();
}
