package dev.gpumagics.probe.value;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One compute process's row on one device. Each field may be absent on its own, and the row is kept: a row the driver
 * lists is a process that holds the device, whatever it withholds about it.
 *
 * @param device the device the row is on; absent for a row on no device the driver listed
 * @param pid {@code nvidia-smi --query-compute-apps=pid}; in a container, the host's pid space may differ; absent where
 *     the driver left it out
 * @param usedBytes {@code used_memory}, absent where the driver withholds it (MIG, some containers)
 */
public record ProcessUsage(Optional<DeviceId> device, OptionalLong pid, OptionalLong usedBytes) {

    /** A row on a listed device. */
    public static ProcessUsage on(DeviceId device, long pid, OptionalLong usedBytes) {
        return new ProcessUsage(Optional.of(device), OptionalLong.of(pid), usedBytes);
    }

    /** A row on a listed device, with its memory. */
    public static ProcessUsage on(DeviceId device, long pid, long usedBytes) {
        return on(device, pid, OptionalLong.of(usedBytes));
    }

    /** Whether the row is on that device. */
    public boolean isOn(DeviceId id) {
        return device.isPresent() && device.get().equals(id);
    }

    /** Whether the row is that process's. */
    public boolean isPid(long other) {
        return pid.isPresent() && pid.getAsLong() == other;
    }
}
