package dev.gpumagics.context.checkpoint;

import dev.gpumagics.probe.GpuProbe;
import dev.gpumagics.probe.GpuProbes;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.Probed;
import dev.gpumagics.probe.value.ProcessUsage;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link DeviceFootprint} from the GPU probe (NVML, else nvidia-smi). Only a process that is not
 * parked calls it: the checkpoint helper, the CLI, or a running kernel before a reset.
 */
public final class SnapshotFootprint implements DeviceFootprint {

    private final GpuProbe gpu;

    SnapshotFootprint(GpuProbe gpu) {
        this.gpu = gpu;
    }

    public static DeviceFootprint system() {
        return new SnapshotFootprint(GpuProbes.system());
    }

    @Override
    public Probed<Long> bytesHeldBy(long pid) {
        return gpu.snapshot().flatMap(snapshot -> rowsOf(snapshot, pid)).map(BytesPerDevice::total);
    }

    @Override
    public Probed<BytesPerDevice> bytesHeldPerDevice(long pid) {
        return gpu.snapshot().flatMap(snapshot -> rowsOf(snapshot, pid)).flatMap(held -> held.isEmpty()
                ? Probed.unavailable("NVML does not list process " + pid, "") : Probed.present(held));
    }

    /** The process's rows, by device; none where NVML lists other processes but not this one. */
    private static Probed<BytesPerDevice> rowsOf(GpuSnapshot snapshot, long pid) {
        Map<Integer, Long> held = new TreeMap<>();
        for (ProcessUsage process : snapshot.processes()) {
            if (process.pid() == pid) {
                if (process.usedBytes().isEmpty()) {
                    return Probed.unavailable("the driver does not report process " + pid + "'s memory", "");
                }
                held.merge(process.deviceIndex(), process.usedBytes().getAsLong(), Long::sum);
            }
        }
        return Probed.present(BytesPerDevice.of(held));
    }

    @Override
    public Probed<BytesPerDevice> usedBytesPerDevice() {
        return gpu.snapshot().map(BytesPerDevice::usedOn);
    }

    @Override
    public Probed<BytesPerDevice> freeBytesPerDevice() {
        return gpu.snapshot().map(BytesPerDevice::freeOn);
    }

    @Override
    public Probed<Long> bytesUsedOnAllDevices() {
        return usedBytesPerDevice().map(BytesPerDevice::total);
    }
}
