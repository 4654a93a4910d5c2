package dev.gpumagics.release;

import java.util.OptionalLong;

/**
 * This process's memory at one moment, as far as a release can move it.
 *
 * @param hostResidentBytes resident set size ({@code VmRSS} in /proc/self/status), empty off Linux
 * @param gpuAllocatedBytes libtorch's CUDA allocator: bytes in live tensors, empty when it never ran
 * @param gpuReservedBytes libtorch's CUDA allocator: bytes held from CUDA, live or cached
 */
public record MemoryLevel(OptionalLong hostResidentBytes, OptionalLong gpuAllocatedBytes, OptionalLong gpuReservedBytes) {}
