package dev.gpumagics.probe.value;

/**
 * A libtorch allocator counter for all pools together and for each pool: the small pool serves
 * blocks of 1 MiB and less, the large pool the rest (PyTorch's {@code memory_stats} "all",
 * "small_pool", "large_pool").
 */
public record PooledStat(MemoryStat aggregate, MemoryStat smallPool, MemoryStat largePool) {
    public static final PooledStat ZERO = new PooledStat(MemoryStat.ZERO, MemoryStat.ZERO, MemoryStat.ZERO);
}
