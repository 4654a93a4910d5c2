package dev.gpumagics.probe.value;

import java.util.OptionalInt;

/**
 * One GPU's memory as the driver reports it.
 *
 * @param index the driver's index ({@code nvidia-smi --query-gpu=index})
 * @param uuid {@code nvidia-smi --query-gpu=uuid}, which ties NVML devices to CUDA ordinals
 * @param name {@code nvidia-smi --query-gpu=name}
 * @param totalBytes {@code memory.total}
 * @param usedBytes {@code memory.used}: every process's allocations plus the driver's reservation
 * @param freeBytes {@code memory.free}
 * @param utilizationPercent {@code utilization.gpu}, absent where the device does not report it (MIG)
 */
public record DeviceMemory(
        int index,
        String uuid,
        String name,
        long totalBytes,
        long usedBytes,
        long freeBytes,
        OptionalInt utilizationPercent) {}
