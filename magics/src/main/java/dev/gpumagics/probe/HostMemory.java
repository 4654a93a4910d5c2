package dev.gpumagics.probe;

import java.util.OptionalLong;

/**
 * The host side of this process's memory.
 *
 * @param heapUsedBytes Java heap in use (Runtime totalMemory - freeMemory)
 * @param heapMaxBytes the most the heap may grow to (-Xmx)
 * @param javacppBytes native memory JavaCPP allocated and tracks ({@code Pointer.totalBytes()}); tensors' host
 *     storage is libtorch's own and is not counted here
 * @param residentBytes the process's resident set ({@code /proc/self/statm}), absent off Linux
 * @param availableBytes host memory available to new work ({@code MemAvailable} in /proc/meminfo), absent off Linux
 */
public record HostMemory(
        long heapUsedBytes,
        long heapMaxBytes,
        long javacppBytes,
        OptionalLong residentBytes,
        OptionalLong availableBytes) {}
