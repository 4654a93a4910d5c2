package dev.gpumagics.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpumagics.internal.cuda.DriverLibraries;
import dev.gpumagics.oom.AllocationFailure;
import dev.gpumagics.oom.AllocationFailures;
import dev.gpumagics.oom.Source;
import dev.gpumagics.probe.NvmlProbe;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.units.Bytes;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * A real CUDA out-of-memory: cudaMalloc of 1 GiB beyond what is free, in a child JVM (the JavaCPP cuda preset
 * answers with a code, which the diagnosis reads), and libtorch's own CUDA message where its GPU natives are on the
 * classpath. Each prints what it saw, so a GPU run records the real texts.
 */
@GpuTest
class OutOfMemoryGpuTest {

    @Test
    void cudaMallocBeyondFreeMemoryIsDiagnosedWithTheDeviceAsItIsNow() throws Exception {
        Process child = new ProcessBuilder(ChildJvm.command(OutOfMemoryMain.class, List.of())).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS));
        System.out.println(out);
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.startsWith("held=0\nerror=2 requested="), "cudaErrorMemoryAllocation: " + out);
        long requested = Long.parseLong(out.split("requested=")[1].split(" ")[0]);
        assertTrue(out.contains("--- diagnosis\nA CUDA call ran out of memory on GPU 0 (") && out.contains("(cudaErrorMemoryAllocation): asked for "
                + Bytes.human(requested) + "."), out);
        assertTrue(out.contains("\"cudaError\": \"cudaErrorMemoryAllocation\""), out);
        assertTrue(!out.contains("Not known: what the GPU holds now"), "NVML answers on a GPU machine: " + out);
    }

    @Test
    void theDiagnosisCreatesNoContextInAProcessThatHadNone() throws Exception {
        Process child = new ProcessBuilder(ChildJvm.command(OutOfMemoryMain.class, List.of(), "recorded"))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("causes=") && line.endsWith(" contexts=0"), "cuDevicePrimaryCtxGetState: " + line);
            GpuSnapshot nvml = new NvmlProbe(DriverLibraries.system()).snapshot().asOptional().orElseThrow();
            assertFalse(nvml.processes().stream().anyMatch(p -> p.isPid(child.pid())), "not among NVML's compute processes");
        } finally {
            child.getOutputStream().close();
            child.waitFor();
        }
    }

    @Test
    void libtorchsOwnCudaMessageGivesItsFigures() {
        assumeTrue(OutOfMemoryGpuTest.class.getResource("/org/bytedeco/pytorch/linux-x86_64-gpu/") != null,
                "libtorch's GPU natives are not on this classpath (org.bytedeco:pytorch:linux-x86_64-gpu, 458 MB)");
        assumeTrue(torch.cuda_is_available(), "libtorch's GPU build sees no CUDA device");
        RuntimeException thrown = null;
        try {
            torch.empty(new long[] {1L << 40}, new TensorOptions(new Device("cuda:0")), new MemoryFormatOptional());
        } catch (RuntimeException e) {
            thrown = e;
        }
        assertTrue(thrown != null, "4 TiB on one GPU");
        System.out.println(thrown.getMessage());
        AllocationFailure f = AllocationFailures.in(thrown).orElseThrow(() -> new AssertionError("not recognised"));
        assertEquals(Source.CUDA_CACHING_ALLOCATOR, f.source());
        assertEquals(4L << 40, f.requestedBytes().orElseThrow());
        assertEquals(0, f.device().orElseThrow());
        assertTrue(f.totalBytes().isPresent() && f.freeBytes().isPresent() && f.allocatedBytes().isPresent()
                && f.cachedBytes().isPresent(), f.toString());
        assertTrue(f.allocConfVariable().isPresent(), "2.x names the allocator's settings variable: " + f);
    }
}
