package dev.gpumagics.probe.value;

import java.util.List;
import java.util.Optional;

/**
 * The libtorch CUDA caching allocator's view of one device, as PyTorch's
 * {@code torch.cuda.memory_stats(device)} reports it.
 *
 * @param allocated bytes in live tensors ({@code allocated_bytes})
 * @param reserved bytes the allocator holds from CUDA, live or cached ({@code reserved_bytes})
 * @param active bytes in blocks in use, including those awaiting stream sync ({@code active_bytes})
 * @param allocRetries times a cudaMalloc failed and the cache was flushed to retry ({@code num_alloc_retries})
 * @param outOfMemoryCount out-of-memory errors raised ({@code num_ooms})
 */
public record AllocatorStats(
        int deviceIndex,
        PooledStat allocated,
        PooledStat reserved,
        PooledStat active,
        long allocRetries,
        long outOfMemoryCount) {

    /** The counters of that CUDA ordinal, among those read. */
    public static Optional<AllocatorStats> of(int ordinal, List<AllocatorStats> stats) {
        return stats.stream().filter(s -> s.deviceIndex() == ordinal).findFirst();
    }

    /** Reserved but not allocated: what {@code emptyCache} can give back. */
    public long cachedBytes() {
        return Math.max(0, reserved.aggregate().currentBytes() - allocated.aggregate().currentBytes());
    }
}
