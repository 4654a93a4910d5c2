package dev.gpumagics.probe;

/** Reads the devices and their compute processes; never throws, never creates a CUDA context. */
@FunctionalInterface
public interface GpuProbe {
    Probed<GpuSnapshot> snapshot();
}
