package dev.gpumagics.watch;

import static dev.gpumagics.TorchTesting.MiB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.gpumagics.TorchTesting;
import dev.gpumagics.internal.cuda.DriverLibraries;
import dev.gpumagics.probe.CudaContextProbe;
import dev.gpumagics.probe.GpuProbe;
import dev.gpumagics.probe.NvidiaSmiProbe;
import dev.gpumagics.probe.ProcessIdentity;
import dev.gpumagics.probe.ProcessTable;
import dev.gpumagics.probe.RecordedNvidiaSmi;
import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.Probed;
import dev.gpumagics.probe.value.ProcessUsage;
import dev.gpumagics.report.CellRecordJson;
import dev.gpumagics.report.CellRecordText;
import dev.gpumagics.vars.Binding;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch around cells of real libtorch CPU work on this machine's /proc, with NVML answered by recorded snapshots
 * (no GPU here): what a cell's record says, the live view's frames, and a parked device left alone.
 */
class CellWatchTest {

    static final long PID = 4242;
    static final CellWatch.Timing FAST = new CellWatch.Timing(Duration.ofMillis(20), Duration.ofMillis(150), Duration.ofMillis(60));

    private final AtomicReference<Probed<GpuSnapshot>> gpu = new AtomicReference<>(Probed.unavailable("no NVIDIA driver found", ""));
    private final AtomicInteger gpuReads = new AtomicInteger();
    private final GpuProbe nvml = () -> {
        gpuReads.incrementAndGet();
        return gpu.get();
    };
    private CellWatch watch;
    @TempDir
    Path recordings;

    @BeforeAll
    static void loadTorch() {
        TorchTesting.access();
    }

    @AfterEach
    void close() {
        if (watch != null) {
            watch.close();
        }
    }

    private CellWatch watch(DeviceGate gate, CellWatch.Timing timing) {
        Supplier<ClassLoader> classes = CellWatchTest.class::getClassLoader;
        MemorySampler sampler = new MemorySampler(ResidentSet.system(), nvml, new CudaContextProbe(DriverLibraries.in(List.of())),
                classes, gate, PID);
        watch = new CellWatch(sampler, classes, new ProcessTable(Path.of("/nonexistent")), Clock.systemUTC(),
                timing);
        return watch;
    }

    /** The watch with NVML answering as a recorded server's nvidia-smi does, field by field. */
    private CellWatch recordedServer(String name) {
        Path smi = RecordedNvidiaSmi.install(recordings.resolve(name), name);
        gpu.set(new NvidiaSmiProbe(Optional.of(smi)).snapshot());
        return watch(DeviceGate.OPEN, CellWatch.Timing.DEFAULT);
    }

    private static TouchedVariable created(String name, Object value) {
        return new TouchedVariable(new Binding(name, "Tensor", value), VariableChange.How.CREATED);
    }

    private static GpuSnapshot snapshot(long freeMiB, long ownMiB, List<ProcessUsage> others) {
        List<ProcessUsage> processes = new java.util.ArrayList<>(others);
        processes.add(ProcessUsage.on(DeviceId.gpu(0), PID, OptionalLong.of(ownMiB * MiB)));
        DeviceMemory h100 = DeviceMemory.of(DeviceId.gpu(0), "GPU-0", "NVIDIA H100 80GB HBM3")
                .withMemory(81559 * MiB, (81559 - freeMiB) * MiB, freeMiB * MiB).withUtilization(0);
        return new GpuSnapshot("NVML", "580.159.04", List.of(h100), processes);
    }

    @Test
    void aCellThatMakesA64MiBTensorSaysSoAndNamesItsVariableAndTheNextCellThatDropsItSaysThat() {
        CellWatch w = watch(DeviceGate.OPEN, CellWatch.Timing.DEFAULT);
        WatchedCell making = w.begin(null);
        Tensor x = torch.ones(64 * MiB / 4);
        CellRecord made = making.end(List.of(created("x", x)), frame -> { });

        VariableChange variable = made.variables().get(0);
        assertEquals("x", variable.name());
        assertEquals(VariableChange.How.CREATED, variable.how());
        assertEquals(64 * MiB, variable.bytes());
        assertEquals(OptionalLong.empty(), variable.bytesBefore(), "the watch had not seen x before");
        long rose = made.host().residentDelta().orElseThrow();
        assertTrue(rose > 56 * MiB && rose < 80 * MiB, "the resident set rose by about 64 MiB: " + rose / MiB);
        assertEquals(Optional.of("no NVIDIA driver found"), made.gpuNotRead());

        WatchedCell dropping = w.begin(null);
        x.close();
        CellRecord dropped = dropping.end(List.of(new TouchedVariable(new Binding("x", "Tensor", null), VariableChange.How.ASSIGNED)),
                frame -> { });
        VariableChange gone = dropped.variables().get(0);
        assertEquals(0, gone.bytes());
        assertEquals(OptionalLong.of(64 * MiB), gone.bytesBefore(), "what it held when last seen");
        assertEquals(-64 * MiB, gone.delta());
        assertTrue(dropped.host().residentDelta().orElseThrow() < -56 * MiB, "the resident set fell: " + dropped.host());
    }

    @Test
    void everyDeviceOfEightIsWatchedTheOneWithoutMemoryFiguresToo() {
        CellRecord record = recordedServer("eight-busy").begin(null).end(List.of(), frame -> { });

        assertEquals(8, record.devices().size());
        DeviceChange unknown = record.devices().get(5);
        assertEquals(DeviceId.gpu(5), unknown.id());
        assertEquals(OptionalLong.empty(), unknown.freeAfter(), "[N/A]: absent, not 0");
        assertEquals(OptionalLong.empty(), unknown.totalBytes());
        assertEquals(OptionalLong.of(40066 * MiB), record.devices().get(6).freeAfter());
        String line = CellRecordText.line(record);
        assertTrue(line.contains(" | 8 other GPUs without this kernel's memory"), "eight idle parts would drown the line: " + line);
        JsonArray devices = CellRecordJson.tree(record).getAsJsonArray("devices");
        assertEquals(8, devices.size(), "the JSON has every figure of every device");
        assertTrue(devices.get(5).getAsJsonObject().get("freeAfterBytes").isJsonNull());
        assertTrue(devices.get(5).getAsJsonObject().get("totalBytes").isJsonNull());
    }

    @Test
    void migInstancesAreWatchedAsDevicesOfTheirOwn() {
        CellRecord record = recordedServer("mig").begin(null).end(List.of(), frame -> { });

        assertEquals(List.of(DeviceId.gpu(0), DeviceId.mig(0, 0), DeviceId.mig(0, 1), DeviceId.gpu(1)),
                record.devices().stream().map(DeviceChange::id).toList());
        assertEquals(OptionalLong.of(38204 * MiB), record.devices().get(2).freeAfter());
        assertEquals(Optional.of("NVIDIA A100-SXM4-80GB MIG 3g.40gb"), record.devices().get(2).name());
        JsonObject instance = CellRecordJson.tree(record).getAsJsonArray("devices")
                .get(2).getAsJsonObject();
        assertEquals("0:1", instance.get("id").getAsString());
    }

    @Test
    void whereNvmlCannotBeReadButNvidiaSmiIsThereTheWatchPointsToGpumem() {
        Supplier<ClassLoader> classes = CellWatchTest.class::getClassLoader;
        MemorySampler sampler = new MemorySampler(ResidentSet.system(), nvml, new CudaContextProbe(DriverLibraries.in(List.of())),
                classes, DeviceGate.OPEN, PID, () -> true);
        String why = sampler.sample(List.of()).gpu().notRead().orElseThrow();
        assertEquals("NVML cannot be read here (no NVIDIA driver found), and nvidia-smi is too slow to ask after every cell:"
                + " %gpumem shows the GPUs", why);
    }

    @Test
    void aCellThatAllocatesThenFreesPeaksAboveWhereItEnds() {
        CellWatch w = watch(DeviceGate.OPEN, CellWatch.Timing.DEFAULT);
        WatchedCell cell = w.begin(null);
        try (Tensor brief = torch.ones(64 * MiB / 4)) {
            assertTrue(brief.numel() > 0);
        }
        CellRecord record = cell.end(List.of(), frame -> { });
        HostChange host = record.host();
        assertTrue(host.residentPeak().orElseThrow().exact(), "VmHWM, reset at the cell's start");
        long peak = host.peakAboveStart().orElseThrow();
        long end = host.residentDelta().orElseThrow();
        assertTrue(peak >= 60 * MiB && peak - end >= 48 * MiB, "peak +" + peak / MiB + " MiB, end " + end / MiB + " MiB");
        assertEquals(List.of(), record.variables(), "a variable that holds no tensor, then or before, is not named");
    }

    @Test
    void theDevicesFreeMemoryThePeakSampledAndAProcessThatCameAndOneThatWent() throws Exception {
        ProcessUsage leaving = ProcessUsage.on(DeviceId.gpu(0), 52011, OptionalLong.of(11876 * MiB));
        ProcessUsage coming = ProcessUsage.on(DeviceId.gpu(0), 60000, OptionalLong.of(2048 * MiB));
        gpu.set(Probed.present(snapshot(60000, 1000, List.of(leaving))));
        CellWatch w = watch(DeviceGate.OPEN, FAST);
        WatchedCell cell = w.begin(null);
        Thread.sleep(100);
        gpu.set(Probed.present(snapshot(50000, 3000, List.of(coming)))); // seen by the samples only
        Thread.sleep(100);
        gpu.set(Probed.present(snapshot(55000, 1500, List.of(coming))));
        CellRecord record = cell.end(List.of(), frame -> { });

        DeviceChange device = record.devices().get(0);
        assertEquals(OptionalLong.of(55000 * MiB), device.freeAfter());
        assertEquals(OptionalLong.of(500 * MiB), device.kernelDelta());
        assertFalse(device.peakOfAllocated(), "no libtorch CUDA here: the peak is this process's device memory");
        assertFalse(device.peak().orElseThrow().exact());
        assertEquals(3000 * MiB, device.peak().orElseThrow().bytes(), "the samples caught the high point between the ends");
        assertEquals(2, record.processes().size(), record.processes().toString());
        ProcessChange came = record.processes().get(0);
        assertTrue(came.appeared());
        assertEquals(60000, came.pid());
        assertEquals(OptionalLong.of(2048 * MiB), came.bytes());
        assertEquals(ProcessIdentity.notVisible(60000), came.identity());
        assertFalse(record.processes().get(1).appeared());
        assertEquals(52011, record.processes().get(1).pid());
    }

    @Test
    void whileTheGpuStateIsParkedTheDeviceIsNeverAsked() throws Exception {
        gpu.set(Probed.present(snapshot(60000, 1000, List.of())));
        DeviceGate parked = new DeviceGate() {
            @Override
            public <T> Optional<T> ifOnDevice(Supplier<T> read) {
                return Optional.empty();
            }
        };
        CellWatch w = watch(parked, FAST);
        WatchedCell cell = w.begin(frame -> { });
        Thread.sleep(300);
        CellRecord record = cell.end(List.of(), frame -> { });
        assertEquals(0, gpuReads.get(), "no NVML call from a parked process, in samples or at either end");
        assertTrue(record.gpuParked());
        assertEquals(List.of(), record.devices());
        assertEquals(List.of(), record.processes(), "a side not read is no evidence of anyone coming or going");
    }

    @Test
    void aLongCellGetsOneDisplayThenFramesInPlaceThenItsLastFrameAndNothingAfterTheEnd() throws Exception {
        CellWatch w = watch(DeviceGate.OPEN, FAST);
        List<LiveFrame> frames = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        WatchedCell cell = w.begin(frame -> {
            frames.add(frame);
            threads.add(Thread.currentThread().getName());
        });
        Thread.sleep(100);
        assertEquals(List.of(), frames, "a cell shorter than the live view's delay gets none");
        Thread.sleep(400);
        cell.end(List.of(), frame -> {
            frames.add(frame);
            threads.add(Thread.currentThread().getName());
        });
        int atEnd = frames.size();
        Thread.sleep(200);
        assertEquals(atEnd, frames.size(), "no frame after the cell's end");
        assertTrue(atEnd >= 4, "frames about every 60 ms after 150 ms, then the last: " + atEnd);
        for (int i = 0; i < atEnd; i++) {
            assertEquals(i, frames.get(i).number());
            assertEquals(i == atEnd - 1, frames.get(i).last());
        }
        assertTrue(threads.subList(0, atEnd - 1).stream().allMatch("gpumagics-watch"::equals), threads.toString());
        LiveFrame last = frames.get(atEnd - 1);
        assertEquals(Thread.currentThread().getName(), threads.get(atEnd - 1), "the last frame comes from the cell's end");
        assertEquals(LiveFrame.Measure.HOST_RESIDENT, last.series().measure(), "no GPU: the host's resident set");
        assertTrue(last.series().values().size() >= 10, "a sample every 20 ms: " + last.series().values().size());
        assertTrue(last.hostTotals().isPresent(), "the host bar's totals, where no GPU was read");
        assertThrows(IllegalStateException.class, () -> cell.end(List.of(), frame -> { }));
    }

    @Test
    void withoutLibtorchsCudaTheSeriesIsThisProcesssDeviceMemoryAndTheBarTheDevices() throws Exception {
        gpu.set(Probed.present(snapshot(60000, 1000, List.of())));
        CellWatch w = watch(DeviceGate.OPEN, FAST);
        List<LiveFrame> frames = new CopyOnWriteArrayList<>();
        WatchedCell cell = w.begin(frames::add);
        Thread.sleep(250);
        cell.end(List.of(), frames::add);
        LiveFrame last = frames.get(frames.size() - 1);
        assertEquals(LiveFrame.Measure.DEVICE_PROCESS, last.series().measure());
        assertEquals(1000 * MiB, last.series().peakBytes());
        assertEquals(Optional.empty(), last.hostTotals(), "a GPU was read: its bar is drawn, not the host's");
    }
}
