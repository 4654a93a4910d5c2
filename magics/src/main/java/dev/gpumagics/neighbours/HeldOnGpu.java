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
 * @param parkedBytes while the kernel's GPU state is parked in host memory, what it held on this GPU when it was parked
 *     (then the other figures are absent: a parked process is not asked); absent while it is on the device
 */
public record HeldOnGpu(String device, String uuid, OptionalLong usedBytes, OptionalLong tensorsBytes, OptionalLong cacheBytes,
        OptionalLong parkedBytes) {

    /** What a kernel on the device holds there. */
    public HeldOnGpu(String device, String uuid, OptionalLong usedBytes, OptionalLong tensorsBytes, OptionalLong cacheBytes) {
        this(device, uuid, usedBytes, tensorsBytes, cacheBytes, OptionalLong.empty());
    }

    /** What a parked kernel left on this GPU's account: the room its resume needs back. */
    public static HeldOnGpu parked(String device, String uuid, long parkedBytes) {
        return new HeldOnGpu(device, uuid, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(parkedBytes));
    }

    /** The CUDA context and libraries: the use that no cache release frees, where both figures are known. */
    public OptionalLong contextBytes() {
        if (usedBytes.isEmpty() || tensorsBytes.isEmpty() || cacheBytes.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, usedBytes.getAsLong() - tensorsBytes.getAsLong() - cacheBytes.getAsLong()));
    }
}
