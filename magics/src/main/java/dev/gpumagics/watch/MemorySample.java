package dev.gpumagics.watch;

/**
 * One look at this process's memory, cheap enough for every cell and for every second of a long one.
 *
 * @param nanos when, on {@link System#nanoTime()}'s clock
 */
public record MemorySample(long nanos, HostSample host, GpuSample gpu) {}
