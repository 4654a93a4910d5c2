package dev.gpumagics.watch;

import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.probe.value.ProcessUsage;
import java.util.List;
import java.util.Optional;

/**
 * The GPUs at one moment, or why they were not read.
 *
 * @param others the other compute processes, on every device
 * @param notRead why there are no devices: no driver, or this kernel's GPU state is parked (then nothing may ask the
 *     device); empty when the devices were read
 * @param parked whether they were not read because this kernel's GPU state is parked in host memory
 */
public record GpuSample(List<DeviceSample> devices, List<ProcessUsage> others, Optional<String> notRead, boolean parked) {

    static final String PARKED = "this kernel's GPU state is parked in host memory";

    public GpuSample {
        devices = List.copyOf(devices);
        others = List.copyOf(others);
    }

    public static GpuSample notRead(String why) {
        return new GpuSample(List.of(), List.of(), Optional.of(why), false);
    }

    public static GpuSample parkedDevice() {
        return new GpuSample(List.of(), List.of(), Optional.of(PARKED), true);
    }

    public Optional<DeviceSample> device(DeviceId id) {
        return devices.stream().filter(d -> d.id().equals(id)).findFirst();
    }
}
