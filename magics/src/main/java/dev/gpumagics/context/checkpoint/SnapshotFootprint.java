package dev.gpumagics.context.checkpoint;

import dev.gpumagics.probe.GpuProbe;
import dev.gpumagics.probe.GpuProbes;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.Probed;
import dev.gpumagics.probe.value.ProcessUsage;
import java.util.ArrayList;
import java.util.List;
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
        return gpu.snapshot().flatMap(snapshot -> rowsOf(snapshot, pid))
                .map(rows -> rows.stream().mapToLong(row -> row.usedBytes().orElseThrow()).sum());
    }

    /** Rows on no GPU this query lists, or on a MIG instance, count in the total above, not per GPU. */
    @Override
    public Probed<BytesPerDevice> bytesHeldPerDevice(long pid) {
        return gpu.snapshot().flatMap(snapshot -> rowsOf(snapshot, pid)).flatMap(rows -> {
            Map<Integer, Long> held = new TreeMap<>();
            for (ProcessUsage row : rows) {
                row.device().filter(device -> !device.isMig())
                        .ifPresent(device -> held.merge(device.gpu(), row.usedBytes().orElseThrow(), Long::sum));
            }
            return held.isEmpty() ? Probed.unavailable("NVML does not list process " + pid, "") : Probed.present(BytesPerDevice.of(held));
        });
    }

    /** The process's rows, each with its memory; none where NVML lists other processes but not this one. */
    private static Probed<List<ProcessUsage>> rowsOf(GpuSnapshot snapshot, long pid) {
        List<ProcessUsage> rows = new ArrayList<>();
        for (ProcessUsage process : snapshot.processes()) {
            if (process.isPid(pid)) {
                if (process.usedBytes().isEmpty()) {
                    return Probed.unavailable("the driver does not report process " + pid + "'s memory", "");
                }
                rows.add(process);
            }
        }
        return Probed.present(rows);
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
