package dev.gpumagics.look;

import dev.gpumagics.probe.value.AllocatorStats;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * This kernel's share of one device, split the way a user can act on it.
 *
 * @param processBytes this process's row in NVML / nvidia-smi ({@code used_memory}); absent when the
 *     process has no row (no context) or the driver withholds the number
 * @param allocator libtorch's allocator counters, where libtorch uses CUDA on this device
 * @param contextActive whether this process holds the device's primary context, where that could be asked
 * @param cudaOrdinal the device's CUDA ordinal in this process ({@code cuda:N}), where CUDA could be asked and sees it
 */
public record KernelUsage(OptionalLong processBytes, Optional<AllocatorStats> allocator, Optional<Boolean> contextActive,
        OptionalInt cudaOrdinal) {

    public static final KernelUsage NONE = new KernelUsage(OptionalLong.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty());

    /** Bytes in live tensors: libtorch's {@code allocated_bytes}. */
    public OptionalLong tensorsBytes() {
        return allocator.map(a -> OptionalLong.of(a.allocated().aggregate().currentBytes())).orElse(OptionalLong.empty());
    }

    /** Reserved but unallocated: the allocator's cache, which {@code emptyCache} gives back. */
    public OptionalLong cacheBytes() {
        return allocator.map(a -> OptionalLong.of(a.cachedBytes())).orElse(OptionalLong.empty());
    }

    /** What libtorch's allocator holds from CUDA, tensors and cache: {@code reserved_bytes}. */
    public OptionalLong reservedBytes() {
        return allocator.map(a -> OptionalLong.of(a.reserved().aggregate().currentBytes())).orElse(OptionalLong.empty());
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

    /**
     * What this kernel holds here as best it is known: its row, else what libtorch's allocator reserved (a driver that
     * gives no per-process figure, as on a unified-memory device, still leaves libtorch's count).
     */
    public OptionalLong heldBytes() {
        return processBytes.isPresent() ? processBytes : reservedBytes();
    }

    /** Whether this kernel holds anything on the device: a row, allocator counters or a context. */
    public boolean holdsAny() {
        return processBytes.orElse(0) > 0 || reservedBytes().orElse(0) > 0 || contextActive.orElse(false);
    }
}
