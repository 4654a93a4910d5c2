package dev.gpumagics.neighbours;

import java.util.OptionalLong;

/**
 * What a kernel holds on one GPU, as it last read it itself.
 *
 * @param device the device as the driver's index names it ({@code 0}, or {@code 0:1} for a MIG instance)
 * @param uuid the device's UUID, which names it across processes whatever CUDA_VISIBLE_DEVICES each has
 * @param usedBytes the process's whole use, NVML's {@code used_memory}; absent where NVML could not be read
 * @param tensorsBytes libtorch's allocated bytes; absent where libtorch's CUDA allocator does not run
 * @param cacheBytes libtorch's reserved but unallocated bytes: what the kernel could release at no cost
 */
public record HeldOnGpu(String device, String uuid, OptionalLong usedBytes, OptionalLong tensorsBytes, OptionalLong cacheBytes) {

    /** The CUDA context and libraries: the use that no cache release frees, where both figures are known. */
    public OptionalLong contextBytes() {
        if (usedBytes.isEmpty() || tensorsBytes.isEmpty() || cacheBytes.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, usedBytes.getAsLong() - tensorsBytes.getAsLong() - cacheBytes.getAsLong()));
    }
}
