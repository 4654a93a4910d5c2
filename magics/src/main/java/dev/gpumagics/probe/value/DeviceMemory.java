package dev.gpumagics.probe.value;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One device's memory as the driver reports it, field by field: a value the device does not give ({@code [N/A]},
 * {@code [Not Supported]}, NVML_ERROR_NOT_SUPPORTED) is absent, and the device is still listed.
 *
 * @param id the GPU's index ({@code nvidia-smi --query-gpu=index}), or a MIG instance's
 * @param uuid {@code nvidia-smi --query-gpu=uuid} ({@code GPU-...}; {@code MIG-...} for an instance), which ties a device
 *     to its processes and to a CUDA ordinal
 * @param name {@code nvidia-smi --query-gpu=name}
 * @param totalBytes {@code memory.total}; absent on a unified-memory device (GB10), where the GPU uses the host's memory
 * @param usedBytes {@code memory.used}: every process's allocations plus the driver's reservation
 * @param freeBytes {@code memory.free}
 * @param utilizationPercent {@code utilization.gpu}, absent where the device does not report it (MIG)
 */
public record DeviceMemory(
        DeviceId id,
        Optional<String> uuid,
        Optional<String> name,
        OptionalLong totalBytes,
        OptionalLong usedBytes,
        OptionalLong freeBytes,
        OptionalInt utilizationPercent) {

    /** A device with its identity and nothing measured yet; the {@code with} methods add what was. */
    public static DeviceMemory of(DeviceId id, String uuid, String name) {
        return new DeviceMemory(id, Optional.of(uuid), Optional.of(name), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalInt.empty());
    }

    public DeviceMemory withMemory(long total, long used, long free) {
        return new DeviceMemory(id, uuid, name, OptionalLong.of(total), OptionalLong.of(used), OptionalLong.of(free), utilizationPercent);
    }

    public DeviceMemory withMemory(OptionalLong total, OptionalLong used, OptionalLong free) {
        return new DeviceMemory(id, uuid, name, total, used, free, utilizationPercent);
    }

    public DeviceMemory withUtilization(OptionalInt percent) {
        return new DeviceMemory(id, uuid, name, totalBytes, usedBytes, freeBytes, percent);
    }

    public DeviceMemory withUtilization(int percent) {
        return withUtilization(OptionalInt.of(percent));
    }

    /** Whether the driver tells how much memory the device has: not on a unified-memory device, nor on some vGPUs. */
    public boolean memoryKnown() {
        return totalBytes.isPresent();
    }

    /** Whether this is the device with that UUID, as NVML, nvidia-smi or CUDA write it (CUDA has no {@code GPU-} or {@code MIG-}). */
    public boolean hasUuid(String other) {
        return uuid.isPresent() && UuidForm.body(uuid.get()).equalsIgnoreCase(UuidForm.body(other));
    }
}
