package dev.gpumagics.idle;

import java.util.Optional;

/**
 * What a look at this process can measure here, each part present or with why not.
 *
 * @param allocator empty where libtorch's CUDA allocator counters are read, else why they are not (not in use here)
 * @param gpuWork empty where NVML's per-process utilization is read, else why not
 */
public record Measures(Optional<String> allocator, Optional<String> gpuWork) {}
