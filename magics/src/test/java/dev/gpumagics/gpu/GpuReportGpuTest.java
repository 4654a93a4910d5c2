package dev.gpumagics.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.GpuMemory;
import dev.gpumagics.internal.cuda.DriverLibraries;
import dev.gpumagics.look.KernelUsage;
import dev.gpumagics.look.MemoryReport;
import dev.gpumagics.look.ReportOptions;
import dev.gpumagics.probe.NvidiaSmiProbe;
import dev.gpumagics.probe.NvmlProbe;
import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.probe.value.GpuSnapshot;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

@GpuTest
class GpuReportGpuTest {

    private static final long GIB = 1L << 30;

    @Test
    void nvmlAgreesWithNvidiaSmiFieldByFieldWithinOnePercent() {
        GpuSnapshot nvml = new NvmlProbe(DriverLibraries.system()).snapshot().asOptional().orElseThrow();
        GpuSnapshot smi = NvidiaSmiProbe.onPath().snapshot().asOptional().orElseThrow();
        assertEquals(smi.devices().stream().map(DeviceMemory::id).toList(), nvml.devices().stream().map(DeviceMemory::id).toList(),
                "both list every device, MIG instances too, numbered alike");
        assertEquals(smi.driverVersion(), nvml.driverVersion());
        for (int i = 0; i < nvml.devices().size(); i++) {
            DeviceMemory a = nvml.devices().get(i);
            DeviceMemory b = smi.devices().get(i);
            assertEquals(b.uuid(), a.uuid());
            double tolerance = 0.01 * b.totalBytes().orElse(a.totalBytes().orElse(0));
            agree(b.totalBytes(), a.totalBytes(), tolerance, "memory.total of GPU " + a.id());
            agree(b.usedBytes(), a.usedBytes(), tolerance, "memory.used of GPU " + a.id());
            agree(b.freeBytes(), a.freeBytes(), tolerance, "memory.free of GPU " + a.id());
            if (!a.id().isMig()) {
                // nvidia-smi's CSV has no MIG instance's utilization to compare with
                assertEquals(b.utilizationPercent().isPresent(), a.utilizationPercent().isPresent(), "utilization.gpu of GPU " + a.id());
            }
        }
    }

    /** Where one gives a value the other gives it too, within the tolerance; where one says N/A, so does the other. */
    private static void agree(OptionalLong smi, OptionalLong nvml, double tolerance, String what) {
        assertEquals(smi.isPresent(), nvml.isPresent(), what + ": nvidia-smi " + smi + ", NVML " + nvml);
        if (smi.isPresent()) {
            assertEquals(smi.getAsLong(), nvml.getAsLong(), tolerance, what);
        }
    }

    @Test
    void aKnownCudaMallocShowsInThisProcessesRow() {
        Pointer buffer = new Pointer();
        assertEquals(0, cudart.cudaMalloc(buffer, GIB), "cudaMalloc of 1 GiB");
        try {
            MemoryReport report = GpuMemory.forThisProcess().report(ReportOptions.ALL);
            KernelUsage kernel = report.devices().stream()
                    .filter(d -> d.kernel().contextActive().orElse(false)).findFirst().orElseThrow().kernel();
            long row = kernel.processBytes().orElseThrow();
            assertTrue(row >= GIB, "this process's row holds the 1 GiB buffer: " + row);
            assertTrue(row < GIB + GIB, "and not much more than it plus a context: " + row);
        } finally {
            cudart.cudaFree(buffer);
        }
    }

    @Test
    void theReportCreatesNoContextInAProcessThatHadNone() throws Exception {
        Process child = new ProcessBuilder(ChildJvm.command(ReportOnceMain.class, List.of()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("contexts=0", out.readLine(), "cuDevicePrimaryCtxGetState after two reports");
            GpuSnapshot nvml = new NvmlProbe(DriverLibraries.system()).snapshot().asOptional().orElseThrow();
            List<Long> pids = nvml.processes().stream().filter(p -> p.pid().isPresent()).map(p -> p.pid().getAsLong()).toList();
            assertFalse(pids.contains(child.pid()), "the reporting process is not among NVML's compute processes: " + pids);
        } finally {
            child.getOutputStream().close();
            child.waitFor();
        }
    }
}
