package dev.gpumagics.watch;

import dev.gpumagics.probe.value.AllocatorStats;
import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.probe.value.DeviceMemory;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One GPU or MIG instance at one moment, as NVML and libtorch's allocator tell it.
 *
 * @param memory the driver's figures for it, each absent where the device does not give it
 * @param kernelBytes this process's {@code used_memory} on it, absent where it has no row
 * @param othersBytes what the other compute processes on it hold, as far as the driver tells
 * @param allocator libtorch's allocator counters for it, where libtorch's CUDA runs on it
 */
public record DeviceSample(DeviceMemory memory, OptionalLong kernelBytes, long othersBytes, Optional<AllocatorStats> allocator) {

    public DeviceId id() {
        return memory.id();
    }

    /** libtorch's {@code allocated_bytes} now, where its allocator runs here. */
    public OptionalLong allocatedBytes() {
        return allocator.map(a -> OptionalLong.of(a.allocated().aggregate().currentBytes())).orElse(OptionalLong.empty());
    }

    /** libtorch's {@code reserved_bytes} now, where its allocator runs here. */
    public OptionalLong reservedBytes() {
        return allocator.map(a -> OptionalLong.of(a.reserved().aggregate().currentBytes())).orElse(OptionalLong.empty());
    }
}
