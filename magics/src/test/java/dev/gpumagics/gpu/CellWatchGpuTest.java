package dev.gpumagics.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpumagics.vars.Binding;
import dev.gpumagics.watch.CellRecord;
import dev.gpumagics.watch.CellWatch;
import dev.gpumagics.watch.DeviceChange;
import dev.gpumagics.watch.LiveFrame;
import dev.gpumagics.watch.TouchedVariable;
import dev.gpumagics.watch.VariableChange;
import dev.gpumagics.watch.WatchedCell;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * %gpuwatch's engine on a real GPU with libtorch's CUDA build: allocated and reserved from libtorch's counters, its
 * peak counter reset at the cell's start, NVML's free memory, and the live view's series of allocated bytes. Skipped
 * without the driver ({@link GpuTest}) or without the -gpu natives on the classpath.
 */
@GpuTest
class CellWatchGpuTest {

    private static final long MiB = 1024 * 1024;

    @Test
    void aCellThatKeeps256MiBAndBrieflyUses512MoreReportsBothFromLibtorchsCounters() throws Exception {
        assumeTrue(CellWatchGpuTest.class.getResource("/org/bytedeco/pytorch/linux-x86_64-gpu/") != null,
                "libtorch's GPU natives are not on this classpath (org.bytedeco:pytorch:linux-x86_64-gpu)");
        assumeTrue(torch.cuda_is_available(), "libtorch's GPU build sees no CUDA device");
        TensorOptions cuda = new TensorOptions(new Device("cuda:0"));
        torch.ones(new long[] {1}, cuda).close(); // the context and the allocator exist before the first watched cell
        CellWatch watch = CellWatch.forThisProcess(CellWatchGpuTest.class::getClassLoader);
        try {
            WatchedCell cell = watch.begin(null);
            Tensor kept = torch.ones(new long[] {64 * MiB}, cuda); // 256 MiB of float32
            try (Tensor brief = torch.ones(new long[] {128 * MiB}, cuda)) {
                torch.cuda_synchronize();
                assertTrue(brief.numel() > 0);
            }
            List<LiveFrame> last = new CopyOnWriteArrayList<>();
            CellRecord record = cell.end(List.of(new TouchedVariable(new Binding("kept", "Tensor", kept), VariableChange.How.CREATED)),
                    last::add);
            DeviceChange device = record.devices().get(0);
            assertTrue(device.allocatorRead(), "libtorch's counters on the device: " + device);
            assertEquals(256 * MiB, device.allocatedDelta().orElseThrow());
            assertTrue(device.peakOfAllocated() && device.peak().orElseThrow().exact());
            assertEquals(768 * MiB, device.peakAboveStart().orElseThrow(), "the counter's peak, reset as the cell began");
            assertTrue(device.reservedDelta().orElseThrow() >= 0);
            assertTrue(device.freeAfter().orElseThrow() > 0 && device.freeAfter().orElseThrow() < device.totalBytes().orElseThrow(),
                    "an H100 or the like gives its memory field by field: " + device);
            VariableChange variable = record.variables().get(0);
            assertEquals(256 * MiB, variable.gpuBytes());
            kept.close();
        } finally {
            watch.close();
        }
    }
}
