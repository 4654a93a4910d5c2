package dev.gpumagics.watch;

import dev.gpumagics.probe.value.DeviceId;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a cell did on one GPU or MIG instance.
 *
 * @param id the driver's device
 * @param name {@code nvidia-smi --query-gpu=name}, where the driver gives it
 * @param allocatedBefore libtorch's {@code allocated_bytes} at the start, where its allocator ran on this device
 * @param reservedBefore libtorch's {@code reserved_bytes} at the start, likewise
 * @param peak the highest point during the cell: of {@code allocated_bytes}, from libtorch's peak counter reset at the
 *     cell's start, where its allocator runs here; otherwise of this process's device memory, sampled
 * @param peakOfAllocated which of the two {@code peak} measures
 * @param kernelBefore this process's device memory (NVML's {@code used_memory}) at the start, absent with no row
 * @param freeAfter the device's free memory at the end, where the driver gives it
 * @param totalBytes the device's memory, where the driver gives it (not on a unified-memory device)
 */
public record DeviceChange(DeviceId id, Optional<String> name, OptionalLong allocatedBefore, OptionalLong allocatedAfter,
        OptionalLong reservedBefore, OptionalLong reservedAfter, Optional<Peak> peak, boolean peakOfAllocated,
        OptionalLong kernelBefore, OptionalLong kernelAfter, OptionalLong freeAfter, OptionalLong totalBytes) {

    public OptionalLong allocatedDelta() {
        return delta(allocatedBefore, allocatedAfter);
    }

    public OptionalLong reservedDelta() {
        return delta(reservedBefore, reservedAfter);
    }

    public OptionalLong kernelDelta() {
        return delta(kernelBefore, kernelAfter);
    }

    /** How far the peak rose above the measure's start, never below zero. */
    public OptionalLong peakAboveStart() {
        OptionalLong start = peakOfAllocated ? allocatedBefore : kernelBefore;
        if (peak.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, peak.get().bytes() - start.orElse(0)));
    }

    /** A device where libtorch's counters were read at both ends of the cell. */
    public boolean allocatorRead() {
        return allocatedBefore.isPresent() && allocatedAfter.isPresent();
    }

    /**
     * Where a value only appeared by the end (libtorch's first CUDA use was in this cell, or this process got its
     * first row on the device), the start counts as zero: nothing was there before.
     */
    private static OptionalLong delta(OptionalLong before, OptionalLong after) {
        return after.isPresent() ? OptionalLong.of(after.getAsLong() - before.orElse(0)) : OptionalLong.empty();
    }
}
