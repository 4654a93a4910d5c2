package dev.gpumagics.look;

import dev.gpumagics.probe.HostMemory;
import dev.gpumagics.probe.ProcessIdentity;
import dev.gpumagics.probe.value.AllocatorStats;
import dev.gpumagics.probe.value.CudaDevice;
import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.MemoryStat;
import dev.gpumagics.probe.value.PooledStat;
import dev.gpumagics.probe.value.ProcessUsage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Probe answers shaped on the H100 measurement (docs/FACTS.md): a PyTorch-like process after a matmul and a
 * conv holds 1230 MiB in nvidia-smi, 544 MiB allocated and 546 MiB reserved.
 */
public final class RecordedProbes {

    public static final long MIB = 1L << 20;
    public static final long PID = 4242;
    public static final Instant AT = Instant.parse("2026-11-27T06:30:00Z");
    public static final String UUID0 = "GPU-1f2e3d4c-5b6a-7980-a1b2-c3d4e5f60718";
    public static final String UUID1 = "GPU-8a9b0c1d-2e3f-4051-9263-748596a7b8c9";
    public static final HostMemory HOST = new HostMemory(100 * MIB, 4096 * MIB, 0, OptionalLong.of(900 * MIB), OptionalLong.of(20_000 * MIB));

    private RecordedProbes() {}

    public static GpuSnapshot twoH100s() {
        return new GpuSnapshot("NVML", "580.159.04",
                List.of(DeviceMemory.of(DeviceId.gpu(0), UUID0, "NVIDIA H100 80GB HBM3")
                                .withMemory(81559 * MIB, 13107 * MIB, 68452 * MIB).withUtilization(37),
                        DeviceMemory.of(DeviceId.gpu(1), UUID1, "NVIDIA H100 80GB HBM3")
                                .withMemory(81559 * MIB, 1 * MIB, 81558 * MIB).withUtilization(0)),
                List.of(ProcessUsage.on(DeviceId.gpu(0), PID, OptionalLong.of(1230 * MIB)),
                        ProcessUsage.on(DeviceId.gpu(0), 52011, OptionalLong.of(11876 * MIB)),
                        ProcessUsage.on(DeviceId.gpu(0), 60000, OptionalLong.empty())));
    }

    /** CUDA numbers the devices the other way round: ordinal 0 is NVML's index 1. */
    public static List<CudaDevice> cudaSwapped() {
        return List.of(new CudaDevice(0, UUID1, false), new CudaDevice(1, UUID0, true));
    }

    public static AllocatorStats allocator(int ordinal, long allocatedMiB, long reservedMiB) {
        return new AllocatorStats(ordinal, pooled(allocatedMiB * MIB, 1100 * MIB), pooled(reservedMiB * MIB, reservedMiB * MIB),
                pooled(allocatedMiB * MIB, allocatedMiB * MIB), 0, 0);
    }

    private static PooledStat pooled(long current, long peak) {
        return new PooledStat(new MemoryStat(current, peak), new MemoryStat(2 * MIB, 2 * MIB), new MemoryStat(current - 2 * MIB, peak - 2 * MIB));
    }

    public static ProcessIdentity identity(long pid) {
        return pid == 60000 ? ProcessIdentity.notVisible(pid)
                : new ProcessIdentity(pid, true, Optional.of("alice"), Optional.of("python train.py --epochs 3"));
    }
}
