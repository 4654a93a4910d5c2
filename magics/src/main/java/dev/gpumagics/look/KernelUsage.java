package dev.gpumagics.look;

import dev.gpumagics.probe.value.AllocatorStats;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * This kernel's share of one device, split the way a user can act on it.
 *
 * @param processBytes this process's row in NVML / nvidia-smi ({@code used_memory}); absent when the
 *     process has no row (no context) or the driver withholds the number
 * @param allocator libtorch's allocator counters, where libtorch uses CUDA on this device
 * @param contextActive whether this process holds the device's primary context, where that could be asked
 */
public record KernelUsage(OptionalLong processBytes, Optional<AllocatorStats> allocator, Optional<Boolean> contextActive) {

    public static final KernelUsage NONE = new KernelUsage(OptionalLong.empty(), Optional.empty(), Optional.empty());

    /** Bytes in live tensors: libtorch's {@code allocated_bytes}. */
    public OptionalLong tensorsBytes() {
        return allocator.map(a -> OptionalLong.of(a.allocated().aggregate().currentBytes())).orElse(OptionalLong.empty());
    }

    /** Reserved but unallocated: the allocator's cache, which {@code emptyCache} gives back. */
    public OptionalLong cacheBytes() {
        return allocator.map(a -> OptionalLong.of(a.cachedBytes())).orElse(OptionalLong.empty());
    }

    /**
     * The process's total minus what the allocator reserved: the CUDA context, cuBLAS/cuDNN
     * workspaces and other libraries' allocations. Absent without allocator counters: then the row
     * holds tensors and cache too, in a measure nothing here can tell.
     */
    public OptionalLong contextAndLibrariesBytes() {
        if (processBytes.isEmpty() || allocator.isEmpty()) {
            return OptionalLong.empty();
        }
        long reserved = allocator.get().reserved().aggregate().currentBytes();
        return OptionalLong.of(Math.max(0, processBytes.getAsLong() - reserved));
    }
}
