package dev.gpumagics.look;

import dev.gpumagics.probe.value.DeviceId;
import java.util.Optional;

/**
 * What a report covers.
 *
 * @param device one device, or all: a GPU with its MIG instances, or one instance ({@code 0:1})
 * @param processes whether to list the other processes on each device
 */
public record ReportOptions(Optional<DeviceId> device, boolean processes) {
    public static final ReportOptions ALL = new ReportOptions(Optional.empty(), true);

    /** Whether a device is one this report covers. */
    public boolean covers(DeviceId id) {
        return device.isEmpty() || device.get().equals(id) || device.get().isParentOf(id);
    }
}
