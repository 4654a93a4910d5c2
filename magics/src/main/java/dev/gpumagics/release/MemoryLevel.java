package dev.gpumagics.release;

import java.util.List;
import java.util.OptionalLong;

/**
 * This process's memory at one moment, as far as a release can move it.
 *
 * @param hostResidentBytes resident set size ({@code VmRSS} in /proc/self/status), empty off Linux
 * @param devices libtorch's CUDA allocator on each device where this process holds a context, by CUDA ordinal; none
 *     where libtorch's CUDA never ran
 */
public record MemoryLevel(OptionalLong hostResidentBytes, List<DeviceLevel> devices) {

    public MemoryLevel {
        devices = List.copyOf(devices);
    }

    /**
     * libtorch's CUDA allocator on one device.
     *
     * @param cudaOrdinal the device as libtorch names it, {@code cuda:N}
     * @param allocatedBytes bytes in live tensors
     * @param reservedBytes bytes held from CUDA, live or cached
     */
    public record DeviceLevel(int cudaOrdinal, long allocatedBytes, long reservedBytes) {}

    /** A level without libtorch's CUDA. */
    public static MemoryLevel host(OptionalLong residentBytes) {
        return new MemoryLevel(residentBytes, List.of());
    }
}
