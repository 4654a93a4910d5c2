package dev.gpumagics.context;

import dev.gpumagics.probe.DeviceMemory;
import dev.gpumagics.probe.GpuProbe;
import dev.gpumagics.probe.GpuProbes;
import dev.gpumagics.probe.GpuSnapshot;
import dev.gpumagics.probe.ProcessUsage;
import dev.gpumagics.probe.Probed;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * {@link DeviceFootprint} from the GPU probe (NVML, else nvidia-smi). Only a process that is not
 * parked calls it: the checkpoint helper, the CLI, or a running kernel before a reset.
 */
final class SnapshotFootprint implements DeviceFootprint {

    private final GpuProbe gpu;

    SnapshotFootprint(GpuProbe gpu) {
        this.gpu = gpu;
    }

    static DeviceFootprint system() {
        return new SnapshotFootprint(GpuProbes.system());
    }

    @Override
    public Probed<Long> bytesHeldBy(long pid) {
        Probed<GpuSnapshot> snapshot = gpu.snapshot();
        if (!(snapshot instanceof Probed.Present<GpuSnapshot> present)) {
            return snapshot.map(s -> 0L);
        }
        long bytes = 0;
        for (ProcessUsage process : present.value().processes()) {
            if (process.pid() == pid) {
                if (process.usedBytes().isEmpty()) {
                    return Probed.unavailable("the driver does not report process " + pid + "'s memory", "");
                }
                bytes += process.usedBytes().getAsLong();
            }
        }
        return Probed.present(bytes);
    }

    @Override
    public Probed<BytesPerDevice> bytesHeldPerDevice(long pid) {
        return gpu.snapshot().flatMap(snapshot -> {
            Map<Integer, Long> held = new TreeMap<>();
            for (ProcessUsage process : snapshot.processes()) {
                if (process.pid() == pid) {
                    if (process.usedBytes().isEmpty()) {
                        return Probed.unavailable("the driver does not report process " + pid + "'s memory", "");
                    }
                    held.merge(process.deviceIndex(), process.usedBytes().getAsLong(), Long::sum);
                }
            }
            return held.isEmpty() ? Probed.unavailable("NVML does not list process " + pid, "") : Probed.present(BytesPerDevice.of(held));
        });
    }

    @Override
    public Probed<BytesPerDevice> usedBytesPerDevice() {
        return perDevice(DeviceMemory::usedBytes);
    }

    @Override
    public Probed<BytesPerDevice> freeBytesPerDevice() {
        return perDevice(DeviceMemory::freeBytes);
    }

    private Probed<BytesPerDevice> perDevice(ToLongFunction<DeviceMemory> figure) {
        return gpu.snapshot().map(snapshot -> {
            Map<Integer, Long> bytes = new TreeMap<>();
            snapshot.devices().forEach(device -> bytes.put(device.index(), figure.applyAsLong(device)));
            return BytesPerDevice.of(bytes);
        });
    }

    @Override
    public Probed<Long> bytesUsedOnAllDevices() {
        return gpu.snapshot().map(s -> s.devices().stream().mapToLong(DeviceMemory::usedBytes).sum());
    }
}
