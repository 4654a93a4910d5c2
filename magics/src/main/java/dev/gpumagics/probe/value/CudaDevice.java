package dev.gpumagics.probe.value;

/**
 * A device as CUDA numbers it in this process (after CUDA_VISIBLE_DEVICES), and whether this
 * process holds its primary context.
 *
 * @param ordinal the CUDA device ordinal, as libtorch's {@code cuda:N} uses it
 * @param uuid in NVML's form ({@code GPU-xxxxxxxx-...}), which ties the ordinal to an NVML index
 * @param primaryContextActive whether this process holds the device's primary context now
 */
public record CudaDevice(int ordinal, String uuid, boolean primaryContextActive) {}
