package dev.gpumagics.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpumagics.release.FreeOutcome;
import dev.gpumagics.release.FreeRequest;
import dev.gpumagics.release.MemoryRelease;
import dev.gpumagics.vars.MapVariables;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * %gpufree on a real GPU: after freeing every variable, libtorch's allocator holds nothing, cache and
 * cuBLAS workspace included. Needs the driver (else skipped by {@link GpuTest}) and libtorch's CUDA build
 * on the test classpath (the -gpu natives, 458 MB; else skipped here, saying so).
 */
@GpuTest
class GpuFreeGpuTest {

    private static final long MiB = 1024 * 1024;

    @Test
    void freeAllLeavesTheAllocatorEmptyIncludingTheCublasWorkspace() {
        // Ask for the -gpu natives before touching torch: without any natives (the GPU bundle carries
        // none), loading the torch class throws instead of answering.
        assumeTrue(GpuFreeGpuTest.class.getResource("/org/bytedeco/pytorch/linux-x86_64-gpu/") != null,
                "libtorch's GPU natives are not on this classpath (org.bytedeco:pytorch:linux-x86_64-gpu, 458 MB); "
                + "the GPU release test needs them");
        assumeTrue(torch.cuda_is_available(), "libtorch's GPU build sees no CUDA device");
        TensorOptions cuda = new TensorOptions(new Device("cuda:0"));
        Tensor a = torch.ones(new long[] {8192, 8192}, cuda); // 256 MiB
        Tensor b = a.matmul(a); // creates the cuBLAS workspace
        LinearImpl model = new LinearImpl(4096, 4096);
        model.to(new Device("cuda:0"), false);
        MapVariables vars = new MapVariables().put("a", a).put("b", b).put("model", model);
        MemoryRelease release = MemoryRelease.of(vars);

        FreeOutcome.Done done = (FreeOutcome.Done) release.free(FreeRequest.everything());

        long params = (4096L * 4096 + 4096) * 4;
        assertEquals(2 * 256 * MiB + params, done.reclaimedBytes());
        assertTrue(done.stillHeld().isEmpty(), () -> "still held: " + done.stillHeld());
        var device = done.after().devices().stream().filter(d -> d.cudaOrdinal() == 0).findFirst().orElseThrow();
        assertEquals(0, device.allocatedBytes());
        assertEquals(0, device.reservedBytes(), "cache and cuBLAS workspaces released");
    }
}
