package dev.gpumagics.oom;

import java.util.OptionalLong;

/**
 * A process the failure's message names as holding memory on the device ({@code Process P has Q memory in use}).
 *
 * @param usedBytes absent where NVML withheld the figure (it then prints its not-available value)
 */
public record NamedProcess(long pid, OptionalLong usedBytes) {}
