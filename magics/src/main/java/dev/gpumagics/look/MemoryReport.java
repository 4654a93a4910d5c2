package dev.gpumagics.look;

import dev.gpumagics.probe.HostMemory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One look at where memory is. Renderers are pure functions of this record; it is never re-read.
 *
 * @param pid this process
 * @param gpuSource "NVML" or "nvidia-smi", absent when neither could be read
 * @param driverVersion the NVIDIA driver's version, absent when unknown
 * @param gpuUnavailable why there are no devices, one line, with a hint where one helps
 * @param allocatorNote why the libtorch allocator's split is missing, where it is and a GPU is in use
 * @param options what was asked for: one device or all, and whether other processes ({@code --no-procs} turns them off)
 * @param parked where this kernel's GPU state is while parked in host memory ({@code %gpususpend}); empty when on the device
 */
public record MemoryReport(
        Instant takenAt,
        long pid,
        Optional<String> gpuSource,
        Optional<String> driverVersion,
        Optional<String> gpuUnavailable,
        List<DeviceReport> devices,
        Optional<String> allocatorNote,
        HostMemory host,
        ReportOptions options,
        Optional<Parked> parked) {

    public MemoryReport {
        devices = List.copyOf(devices);
    }

    /** Whether other processes were asked for. */
    public boolean processesShown() {
        return options.processes();
    }
}
