package dev.gpumagics.probe.value;

import java.util.List;
import java.util.Optional;

/**
 * Every device and compute process, read in one pass: every device the driver lists, each with what it told.
 *
 * @param source where it was read: "NVML" or "nvidia-smi"
 * @param driverVersion {@code nvidia-smi --query-gpu=driver_version}, absent where the driver did not say
 * @param devices GPUs and MIG instances, a GPU before its instances
 * @param unlisted devices whose process list the driver did not give: their processes are unknown, not none
 */
public record GpuSnapshot(String source, Optional<String> driverVersion, List<DeviceMemory> devices, List<ProcessUsage> processes,
        List<DeviceId> unlisted) {

    public GpuSnapshot {
        devices = List.copyOf(devices);
        processes = List.copyOf(processes);
        unlisted = List.copyOf(unlisted);
    }

    /** A snapshot whose every device gave its process list. */
    public GpuSnapshot(String source, String driverVersion, List<DeviceMemory> devices, List<ProcessUsage> processes) {
        this(source, Optional.of(driverVersion), devices, processes, List.of());
    }

    /** Whether the driver listed the processes on that device. */
    public boolean processesListed(DeviceId device) {
        return !unlisted.contains(device);
    }
}
