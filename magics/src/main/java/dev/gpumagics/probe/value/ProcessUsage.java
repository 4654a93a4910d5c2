package dev.gpumagics.probe.value;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One compute process on one device.
 *
 * @param deviceIndex the driver's index of the device; absent for a row on no device the query listed (a MIG instance)
 * @param pid {@code nvidia-smi --query-compute-apps=pid}; in a container, the host's pid space may differ
 * @param usedBytes {@code used_memory}, absent where the driver withholds it (MIG, some containers)
 */
public record ProcessUsage(OptionalInt deviceIndex, long pid, OptionalLong usedBytes) {

    /** A row on a listed device. */
    public ProcessUsage(int deviceIndex, long pid, OptionalLong usedBytes) {
        this(OptionalInt.of(deviceIndex), pid, usedBytes);
    }

    /** Whether the row is on the device with that index. */
    public boolean isOn(int index) {
        return deviceIndex.isPresent() && deviceIndex.getAsInt() == index;
    }
}
