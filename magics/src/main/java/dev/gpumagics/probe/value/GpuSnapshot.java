package dev.gpumagics.probe.value;

import java.util.List;

/**
 * Every device and compute process, read in one pass.
 *
 * @param source where it was read: "NVML" or "nvidia-smi"
 * @param driverVersion {@code nvidia-smi --query-gpu=driver_version}
 */
public record GpuSnapshot(String source, String driverVersion, List<DeviceMemory> devices, List<ProcessUsage> processes) {

    public GpuSnapshot {
        devices = List.copyOf(devices);
        processes = List.copyOf(processes);
    }
}
