package dev.gpumagics.probe.value;

/** One allocator counter: its value now and its high-water mark since the last peak reset. */
public record MemoryStat(long currentBytes, long peakBytes) {
    public static final MemoryStat ZERO = new MemoryStat(0, 0);
}
