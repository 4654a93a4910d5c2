package dev.gpumagics.context.checkpoint;

import dev.gpumagics.probe.value.Probed;

/** How much device memory a process holds, as NVML tells it from outside that process. */
public interface DeviceFootprint {

    /**
     * Bytes the process holds on all devices together ({@code nvidia-smi
     * --query-compute-apps=pid,used_memory}); present with 0 when NVML lists other processes but not
     * this one, unavailable when NVML cannot say (no NVML, or a PID namespace that hides pids).
     */
    Probed<Long> bytesHeldBy(long pid);

    /** Bytes in use on all devices by every process together: an upper bound when a pid is not visible. */
    Probed<Long> bytesUsedOnAllDevices();

    /** What the process holds on each device it uses; unavailable where its pid is not listed. */
    default Probed<BytesPerDevice> bytesHeldPerDevice(long pid) {
        return Probed.unavailable("not measured here", "");
    }

    /** What each device has in use now, by every process together. */
    default Probed<BytesPerDevice> usedBytesPerDevice() {
        return Probed.unavailable("not measured here", "");
    }

    /** What each device has free now. */
    default Probed<BytesPerDevice> freeBytesPerDevice() {
        return Probed.unavailable("not measured here", "");
    }
}
