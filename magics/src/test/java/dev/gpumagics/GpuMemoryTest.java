package dev.gpumagics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.context.ContextStatus;
import dev.gpumagics.context.checkpoint.BytesPerDevice;
import dev.gpumagics.internal.cuda.DriverLibraries;
import dev.gpumagics.look.MemoryReport;
import dev.gpumagics.look.ReportOptions;
import dev.gpumagics.probe.CudaContextProbe;
import dev.gpumagics.probe.GpuProbe;
import dev.gpumagics.probe.HostMemoryProbe;
import dev.gpumagics.probe.ProcessTable;
import dev.gpumagics.probe.TorchAllocatorProbe;
import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.Probed;
import dev.gpumagics.probe.value.ProcessUsage;
import dev.gpumagics.report.ContextText;
import dev.gpumagics.report.TextReport;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GpuMemoryTest {

    private static final long GIB = 1L << 30;
    private final AtomicInteger nvmlCalls = new AtomicInteger();
    private final AtomicInteger outsideCalls = new AtomicInteger();

    private GpuMemory memory(Optional<ContextStatus> status) {
        return memory(status, 70 * GIB);
    }

    private GpuMemory memory(Optional<ContextStatus> status, long freeOnGpu0) {
        GpuSnapshot device = new GpuSnapshot("nvidia-smi", "580.159.04",
                List.of(DeviceMemory.of(DeviceId.gpu(0), "GPU-a", "NVIDIA H100 80GB HBM3").withMemory(80 * GIB, 80 * GIB - freeOnGpu0, freeOnGpu0)),
                List.of(ProcessUsage.on(DeviceId.gpu(0), 999, OptionalLong.of(10 * GIB))));
        GpuProbe nvml = () -> {
            nvmlCalls.incrementAndGet();
            return Probed.present(device);
        };
        GpuProbe outside = () -> {
            outsideCalls.incrementAndGet();
            return Probed.present(device);
        };
        return new GpuMemory(nvml, outside, new CudaContextProbe(DriverLibraries.in(List.of())),
                new TorchAllocatorProbe(GpuMemoryTest.class::getClassLoader), HostMemoryProbe.system(), ProcessTable.system(),
                () -> status, Clock.systemUTC(), 4242);
    }

    @Test
    void aParkedKernelAsksOnlyAnotherProcessAndSaysItIsParked() {
        var parked = new ContextStatus.Suspended(Instant.parse("2026-11-27T06:30:00Z"), OptionalLong.of(6 * GIB));
        MemoryReport report = memory(Optional.of(parked)).report(ReportOptions.ALL);

        assertEquals(0, nvmlCalls.get(), "a parked process must not call NVML");
        assertEquals(1, outsideCalls.get());
        String line = ContextText.of(report.parked().orElseThrow());
        assertTrue(line.startsWith("suspended since "), line);
        assertTrue(line.contains("6.00 GiB"), line);
        assertEquals(OptionalLong.empty(), report.devices().get(0).kernel().processBytes());
        String text = TextReport.render(report);
        assertTrue(text.contains("this kernel's GPU state: suspended since "), text);
        assertTrue(text.contains("pid 999"), text);
    }

    @Test
    void aParkedKernelsReportSaysWhetherThereIsRoomToComeBack() {
        var parked = new ContextStatus.Suspended(Instant.parse("2026-11-27T06:30:00Z"), OptionalLong.of(6 * GIB), Optional.empty(),
                Optional.of(BytesPerDevice.of(java.util.Map.of(0, 6 * GIB))));

        String room = ContextText.of(memory(Optional.of(parked), 70 * GIB).report(ReportOptions.ALL).parked().orElseThrow());
        String noRoom = ContextText.of(memory(Optional.of(parked), 6 * GIB).report(ReportOptions.ALL).parked().orElseThrow());

        assertTrue(room.endsWith("6.00 GiB parked in host memory; there is room to bring it back now: %gpuresume or any GPU call does"), room);
        assertTrue(noRoom.endsWith("6.00 GiB parked in host memory; no room to bring it back yet: it needs 6.00 GiB "
                + "(and 256 MiB to spare) on GPU 0, which has 6.00 GiB free"), noRoom);
        assertEquals(0, nvmlCalls.get(), "seen from outside only");
    }

    @Test
    void aRunningKernelAsksNvml() {
        MemoryReport report = memory(Optional.of(new ContextStatus.Running())).report(ReportOptions.ALL);
        assertEquals(1, nvmlCalls.get());
        assertEquals(0, outsideCalls.get());
        assertEquals(Optional.empty(), report.parked());
        memory(Optional.empty()).report(ReportOptions.ALL);
        assertEquals(2, nvmlCalls.get(), "no context object yet is the same as running");
    }
}
