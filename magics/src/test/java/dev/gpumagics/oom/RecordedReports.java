package dev.gpumagics.oom;

import static dev.gpumagics.oom.RecordedMessages.GIB;
import static dev.gpumagics.oom.RecordedMessages.MIB;

import dev.gpumagics.look.MemoryReport;
import dev.gpumagics.look.ReportAssembler;
import dev.gpumagics.look.ReportOptions;
import dev.gpumagics.probe.HostMemory;
import dev.gpumagics.probe.ProcessIdentity;
import dev.gpumagics.probe.value.AllocatorStats;
import dev.gpumagics.probe.value.CudaDevice;
import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.MemoryStat;
import dev.gpumagics.probe.value.PooledStat;
import dev.gpumagics.probe.value.Probed;
import dev.gpumagics.probe.value.ProcessUsage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Memory reports assembled from probe answers in the shape of real ones (the H100 measurement in docs/FACTS.md: a libtorch process
 * after a matmul and a conv holds 1230 MiB, 544 MiB allocated and 546 MiB reserved), and from this machine's
 * answer without a driver.
 */
final class RecordedReports {

    static final long PID = 4242;
    static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
    static final String UUID = "GPU-1f2e3d4c-5b6a-7980-a1b2-c3d4e5f60718";
    static final HostMemory HOST = new HostMemory(100 * MIB, 4096 * MIB, 0, OptionalLong.of(900 * MIB), OptionalLong.of(20 * GIB));

    private RecordedReports() {}

    /** One H100 (79.6 GiB) with this kernel's row and another user's training job. */
    static MemoryReport h100(long ownRowMiB, long allocatedMiB, long reservedMiB, long othersMiB) {
        long used = ownRowMiB + othersMiB + 500;
        GpuSnapshot snapshot = new GpuSnapshot("NVML", "580.159.04",
                List.of(DeviceMemory.of(DeviceId.gpu(0), UUID, "NVIDIA H100 80GB HBM3")
                        .withMemory(81559 * MIB, used * MIB, (81559 - used) * MIB).withUtilization(40)),
                List.of(ProcessUsage.on(DeviceId.gpu(0), PID, OptionalLong.of(ownRowMiB * MIB)),
                        ProcessUsage.on(DeviceId.gpu(0), 52011, OptionalLong.of(othersMiB * MIB))));
        AllocatorStats stats = new AllocatorStats(0, pooled(allocatedMiB * MIB), pooled(reservedMiB * MIB), pooled(allocatedMiB * MIB), 0, 1);
        return ReportAssembler.assemble(AT, PID, Probed.present(snapshot), Probed.present(List.of(new CudaDevice(0, UUID, true))),
                Probed.present(List.of(stats)), HOST, RecordedReports::identity, ReportOptions.ALL);
    }

    /** What this machine's probes answer: no driver, so no devices, only the host. */
    static MemoryReport noDriver() {
        return ReportAssembler.assemble(AT, PID,
                Probed.unavailable("no NVIDIA driver found (libnvidia-ml.so.1 is not on the library path); nvidia-smi is not on PATH",
                        "on a GPU server, install the NVIDIA driver"),
                Probed.unavailable("no GPU", ""), Probed.unavailable("no GPU", ""), HOST, RecordedReports::identity, ReportOptions.ALL);
    }

    static ProcessIdentity identity(long pid) {
        return new ProcessIdentity(pid, true, Optional.of("alice"), Optional.of("python train.py --epochs 3"));
    }

    private static PooledStat pooled(long bytes) {
        return new PooledStat(new MemoryStat(bytes, bytes), new MemoryStat(0, 0), new MemoryStat(bytes, bytes));
    }
}
