package dev.gpumagics.watch;

import java.util.OptionalLong;

/**
 * This process's host memory at one moment.
 *
 * @param residentBytes the resident set ({@code VmRSS} in /proc/self/status), absent off Linux
 * @param residentPeakBytes the resident set's high-water mark ({@code VmHWM}) since the last reset, absent off Linux
 * @param javacppBytes native memory JavaCPP allocated and tracks ({@code Pointer.totalBytes()}); libtorch's own
 *     tensor storage is not in it
 */
public record HostSample(OptionalLong residentBytes, OptionalLong residentPeakBytes, long javacppBytes) {}
