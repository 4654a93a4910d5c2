package dev.gpumagics.probe.value;

import java.util.List;
import java.util.Optional;

/**
 * A device as CUDA numbers it in this process (after CUDA_VISIBLE_DEVICES), and whether this
 * process holds its primary context.
 *
 * @param ordinal the CUDA device ordinal, as libtorch's {@code cuda:N} uses it
 * @param uuid in NVML's form ({@code GPU-xxxxxxxx-...}), which ties the ordinal to an NVML device
 * @param primaryContextActive whether this process holds the device's primary context now
 */
public record CudaDevice(int ordinal, String uuid, boolean primaryContextActive) {

    /** The CUDA device that is this driver's device, by UUID: CUDA_VISIBLE_DEVICES may renumber, hide or reorder them. */
    public static Optional<CudaDevice> of(DeviceMemory device, List<CudaDevice> devices) {
        return devices.stream().filter(c -> device.hasUuid(c.uuid())).findFirst();
    }
}
