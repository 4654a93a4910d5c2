package dev.gpumagics.look;

import static dev.gpumagics.look.RecordedProbes.AT;
import static dev.gpumagics.look.RecordedProbes.HOST;
import static dev.gpumagics.look.RecordedProbes.MIB;
import static dev.gpumagics.look.RecordedProbes.PID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.probe.value.AllocatorStats;
import dev.gpumagics.probe.value.CudaDevice;
import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.Probed;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ReportAssemblerTest {

    private static MemoryReport assemble(Probed<GpuSnapshot> gpu, Probed<List<CudaDevice>> cuda,
            Probed<List<AllocatorStats>> allocator, ReportOptions options) {
        return ReportAssembler.assemble(AT, PID, gpu, cuda, allocator, HOST, RecordedProbes::identity, options);
    }

    private static MemoryReport withTorch(long allocatedMiB, long reservedMiB) {
        return assemble(Probed.present(RecordedProbes.twoH100s()), Probed.present(RecordedProbes.cudaSwapped()),
                Probed.present(List.of(RecordedProbes.allocator(1, allocatedMiB, reservedMiB))), ReportOptions.ALL);
    }

    @Test
    void splitsTheKernelsRowIntoTensorsCacheAndContext() {
        KernelUsage kernel = withTorch(544, 546).devices().get(0).kernel();

        assertEquals(OptionalLong.of(1230 * MIB), kernel.processBytes());
        assertEquals(OptionalLong.of(544 * MIB), kernel.tensorsBytes());
        assertEquals(OptionalLong.of(2 * MIB), kernel.cacheBytes());
        assertEquals(OptionalLong.of(684 * MIB), kernel.contextAndLibrariesBytes(), "1230 - 546 reserved");
        assertEquals(Optional.of(true), kernel.contextActive());
    }

    @Test
    void allocatorCountersFollowTheDeviceByUuidNotByIndex() {
        MemoryReport report = withTorch(544, 546);
        assertEquals(Optional.empty(), report.devices().get(1).kernel().allocator(), "CUDA ordinal 0 is NVML's GPU 1, which has no context");
        assertEquals(1, report.devices().get(0).kernel().allocator().orElseThrow().deviceIndex());
    }

    @Test
    void otherProcessesAreLargestFirstWithUnknownsLastAndSelfExcluded() {
        List<OtherProcess> others = withTorch(544, 546).devices().get(0).others();
        assertEquals(List.of(52011L, 60000L), others.stream().map(o -> o.identity().orElseThrow().pid()).toList());
        assertEquals(OptionalLong.empty(), others.get(1).usedBytes());
        assertEquals(false, others.get(1).identity().orElseThrow().visible());
        assertEquals(OptionalLong.of(11876 * MIB), withTorch(544, 546).devices().get(0).othersBytes());
    }

    @Test
    void hintsCacheReleaseWhenTheCacheIsLargeAndSuspendForTheContext() {
        assertEquals(List.of(new Hint.CacheToGiveBack(2002 * MIB)), withTorch(544, 2546).devices().get(0).hints());
        assertEquals(List.of(new Hint.ContextToPark(684 * MIB)), withTorch(544, 546).devices().get(0).hints());
    }

    @Test
    void noDeviceIsOneLineWithTheReasonAndTheHostStillThere() {
        MemoryReport report = assemble(Probed.unavailable("no NVIDIA driver found", "install the NVIDIA driver"),
                Probed.unavailable("x", ""), Probed.unavailable("y", ""), ReportOptions.ALL);
        assertEquals(Optional.of("no NVIDIA driver found. Install the NVIDIA driver"), report.gpuUnavailable());
        assertTrue(report.devices().isEmpty());
        assertEquals(HOST, report.host());
    }

    @Test
    void aMissingDeviceIndexIsOneClearLine() {
        var error = assertThrows(NoSuchDeviceException.class, () -> assemble(Probed.present(RecordedProbes.twoH100s()),
                Probed.present(List.of()), Probed.unavailable("y", ""), new ReportOptions(Optional.of(DeviceId.gpu(5)), true)));
        assertEquals("no GPU 5: this machine has GPUs 0 to 1", error.getMessage());

        var noDriver = assertThrows(NoSuchDeviceException.class, () -> assemble(Probed.unavailable("no NVIDIA driver found", ""),
                Probed.unavailable("x", ""), Probed.unavailable("y", ""), new ReportOptions(Optional.of(DeviceId.gpu(0)), true)));
        assertEquals("no GPU 0: no NVIDIA driver found", noDriver.getMessage());

        var withHint = assertThrows(NoSuchDeviceException.class, () -> assemble(
                Probed.unavailable("no NVIDIA driver found", "on a GPU server, install the NVIDIA driver"),
                Probed.unavailable("x", ""), Probed.unavailable("y", ""), new ReportOptions(Optional.of(DeviceId.gpu(7)), true)));
        assertEquals("no GPU 7: no NVIDIA driver found. On a GPU server, install the NVIDIA driver", withHint.getMessage(),
                "what to do comes with what is wrong, as in the report without --device");
    }

    @Test
    void oneDeviceAndNoProcessesWhenAsked() {
        MemoryReport report = assemble(Probed.present(RecordedProbes.twoH100s()), Probed.present(RecordedProbes.cudaSwapped()),
                Probed.unavailable("libtorch is not loaded in this process", ""), new ReportOptions(Optional.of(DeviceId.gpu(0)), false));
        assertEquals(1, report.devices().size());
        assertTrue(report.devices().get(0).others().isEmpty());
        assertEquals(Optional.of("libtorch is not loaded in this process"), report.allocatorNote(),
                "the kernel has a row but no split: say why");
        assertEquals(OptionalLong.empty(), report.devices().get(0).kernel().contextAndLibrariesBytes(),
                "without allocator counters nothing says how much of the row is context");
    }

    @Test
    void withoutTheProcessListTheOthersStillHoldTheirMemory() {
        DeviceReport device = assemble(Probed.present(RecordedProbes.twoH100s()), Probed.present(RecordedProbes.cudaSwapped()),
                Probed.unavailable("y", ""), new ReportOptions(Optional.of(DeviceId.gpu(0)), false)).devices().get(0);
        assertTrue(device.others().isEmpty(), "no rows: --no-procs");
        assertEquals(OptionalLong.of(11876 * MIB), device.othersBytes(), "52011's row; 60000's is unknown");
        assertEquals(2, device.othersCount());
        assertEquals(OptionalLong.of((13107 - 1230 - 11876) * MIB), device.otherUsedBytes(), "what no process row accounts for");
    }

    @Test
    void withoutAllocatorCountersNoHintCallsTheRowContext() {
        List<Hint> hints = assemble(Probed.present(RecordedProbes.twoH100s()), Probed.present(RecordedProbes.cudaSwapped()),
                Probed.unavailable("CUDA cannot be asked here", ""), ReportOptions.ALL).devices().get(0).hints();
        assertEquals(List.of(new Hint.ParkAll(1230 * MIB)), hints);
    }

    @Test
    void aContextWithoutARowIsExplained() {
        GpuSnapshot noOwnRow = new GpuSnapshot("NVML", "580.159.04", RecordedProbes.twoH100s().devices(), List.of());
        MemoryReport report = assemble(Probed.present(noOwnRow), Probed.present(RecordedProbes.cudaSwapped()),
                Probed.unavailable("y", ""), ReportOptions.ALL);
        assertEquals(List.of(new Hint.NoProcessRow()), report.devices().get(0).hints());
        assertTrue(report.devices().get(1).hints().isEmpty());
    }
}
