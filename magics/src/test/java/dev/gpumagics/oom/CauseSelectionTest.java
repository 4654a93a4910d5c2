package dev.gpumagics.oom;

import static dev.gpumagics.oom.RecordedMessages.GIB;
import static dev.gpumagics.oom.RecordedMessages.MIB;
import static dev.gpumagics.oom.RecordedMessages.of;
import static dev.gpumagics.oom.RecordedMessages.parsed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.TorchTesting;
import dev.gpumagics.internal.torch.TorchAccess;
import dev.gpumagics.look.DeviceReport;
import dev.gpumagics.look.KernelUsage;
import dev.gpumagics.look.MemoryReport;
import dev.gpumagics.look.RecordedProbes;
import dev.gpumagics.look.ReportAssembler;
import dev.gpumagics.look.ReportOptions;
import dev.gpumagics.probe.NvidiaSmiProbe;
import dev.gpumagics.probe.RecordedNvidiaSmi;
import dev.gpumagics.probe.value.CudaDevice;
import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.Probed;
import dev.gpumagics.probe.value.ProcessUsage;
import dev.gpumagics.vars.Autograd;
import dev.gpumagics.vars.HeldStorage;
import dev.gpumagics.vars.Holdings;
import dev.gpumagics.vars.MapVariables;
import dev.gpumagics.vars.VariableHolding;
import dev.gpumagics.vars.VariableWalker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The causes chosen from recorded failures and reports, with real libtorch CPU scans where the place is the host. */
class CauseSelectionTest {

    private static TorchAccess torchAccess;
    private final List<AutoCloseable> made = new ArrayList<>();

    @BeforeAll
    static void loadTorch() {
        torchAccess = TorchTesting.access();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : made) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T keep(T value) {
        made.add(value);
        return value;
    }

    private static List<Cause> causes(Optional<AllocationFailure> failure, Optional<MemoryReport> report, Optional<Holdings> holdings,
            Map<String, String> environment) {
        Place place = CauseSelection.place(failure, report);
        return CauseSelection.causes(failure, place, CauseSelection.device(report, place.device()), holdings,
                RecordedReports::identity, environment);
    }

    @TempDir
    Path recordings;

    /** The recorded MIG server with this kernel on instance 0:1, its CUDA ordinal 0 there (CUDA_VISIBLE_DEVICES=MIG-...). */
    private MemoryReport onMigInstance(long allocatedMiB, long reservedMiB) {
        GpuSnapshot mig = new NvidiaSmiProbe(Optional.of(RecordedNvidiaSmi.install(recordings, "mig"))).snapshot().asOptional().orElseThrow();
        String instance = mig.devices().get(2).uuid().orElseThrow();
        GpuSnapshot withThisKernel = new GpuSnapshot(mig.source(), mig.driverVersion(), mig.devices(),
                List.of(ProcessUsage.on(DeviceId.mig(0, 1), RecordedReports.PID, OptionalLong.empty())), List.of());
        return ReportAssembler.assemble(RecordedReports.AT, RecordedReports.PID, Probed.present(withThisKernel),
                Probed.present(List.of(new CudaDevice(0, instance, true))),
                Probed.present(List.of(RecordedProbes.allocator(0, allocatedMiB, reservedMiB))), RecordedReports.HOST,
                RecordedReports::identity, ReportOptions.ALL);
    }

    @Test
    void aFailureOnAMigInstanceIsPlacedOnThatInstanceWithItsOwnFigures() {
        Optional<MemoryReport> report = Optional.of(onMigInstance(30_000, 38_000));
        Place place = CauseSelection.place(Optional.of(parsed("v2-this-process-only.txt")), report);

        assertEquals(Optional.of(DeviceId.mig(0, 1)), place.driverDevice(), "cuda:0 here is the instance, by its UUID");
        assertEquals(Optional.of("NVIDIA A100-SXM4-80GB MIG 3g.40gb"), place.name());
        assertEquals(OptionalLong.of(38204 * MIB), place.freeNowBytes(), "the instance's free memory, not its GPU's");
        assertEquals(Optional.of(DeviceId.mig(0, 1)), CauseSelection.device(report, place).map(d -> d.device().id()));
    }

    @Test
    void withoutAFailureTheDeviceIsTheOneThisKernelHoldsMostOnAndTheOthersAreNamed() {
        MemoryReport report = RecordedReports.h100(1230, 544, 546, 11876);
        MemoryReport two = new MemoryReport(report.takenAt(), report.pid(), report.gpuSource(), report.driverVersion(),
                report.gpuUnavailable(), List.of(report.devices().get(0), renumbered(report.devices().get(0), 3, 9000)), report.allocatorNote(),
                report.host(), report.options(), report.parked());
        Place place = CauseSelection.place(Optional.empty(), Optional.of(two));

        assertEquals(Optional.of(DeviceId.gpu(3)), place.driverDevice());
        assertEquals(List.of(new HeldElsewhere(DeviceId.gpu(0), OptionalLong.of(1230 * MIB))), CauseSelection.elsewhere(Optional.of(two), place));
    }

    /** The same device as GPU {@code index}, this kernel's row there {@code rowMiB}. */
    private static DeviceReport renumbered(DeviceReport device, int index, long rowMiB) {
        DeviceMemory memory = device.device();
        DeviceMemory moved = new DeviceMemory(DeviceId.gpu(index), memory.uuid(), memory.name(), memory.totalBytes(), memory.usedBytes(),
                memory.freeBytes(), memory.utilizationPercent());
        KernelUsage kernel = new KernelUsage(OptionalLong.of(rowMiB * MIB), device.kernel().allocator(), device.kernel().contextActive(),
                OptionalInt.of(index));
        return new DeviceReport(moved, kernel, device.others(), device.othersBytes(), device.othersCount(), true, device.hints());
    }

    /** Variables holding storages on cuda:0, as a scan on a GPU machine gives them. */
    private static Holdings onGpu(long bigBytes, long smallBytes) {
        VariableHolding big = new VariableHolding("activations", "Tensor", List.of("cuda:0"), List.of("float32"), null, 1, bigBytes, 0,
                List.of(), false, Set.of());
        VariableHolding small = new VariableHolding("weights", "Tensor", List.of("cuda:0"), List.of("float32"), null, 1, smallBytes, 0,
                List.of(), false, Set.of());
        VariableHolding host = new VariableHolding("hostCopy", "Tensor", List.of("cpu"), List.of("float32"), null, 1, 10 * GIB, 0,
                List.of(), false, Set.of());
        return new Holdings(List.of(big, small, host),
                Map.of(1L, new HeldStorage(1, bigBytes, "cuda:0", true, List.of("activations")),
                        2L, new HeldStorage(2, smallBytes, "cuda:0", true, List.of("weights")),
                        3L, new HeldStorage(3, 10 * GIB, "cpu", false, List.of("hostCopy"))),
                Map.of(), Duration.ofMillis(3));
    }

    @Test
    void aRealCpuFailureWithRealTensorsPutsTheImpossibleRequestFirstThenTheLargestHolders() {
        Tensor big = keep(torch.ones(2048, 1024));
        Tensor view = keep(big.narrow(0, 0, 16));
        Tensor small = keep(torch.ones(256, 1024));
        MapVariables vars = new MapVariables().put("big", "Tensor", big).put("view", "Tensor", view).put("small", "Tensor", small)
                .put("n", "int", 3);
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> torch.empty(1L << 43));
        Optional<AllocationFailure> failure = AllocationFailures.in(thrown);
        Holdings scanned = new VariableWalker(torchAccess).scan(vars.bindings());

        List<Cause> causes = causes(failure, Optional.of(RecordedReports.noDriver()), Optional.of(scanned), Map.of());

        assertEquals(2, causes.size(), causes.toString());
        Cause.RequestTooLarge tooLarge = assertInstanceOf(Cause.RequestTooLarge.class, causes.get(0));
        assertEquals(1L << 45, tooLarge.requestedBytes());
        assertEquals(20 * GIB, tooLarge.capacityBytes(), "the host's MemAvailable");
        assertFalse(tooLarge.ofDevice());
        Cause.VariablesHold held = assertInstanceOf(Cause.VariablesHold.class, causes.get(1));
        assertEquals((2048L + 256) * 1024 * 4, held.totalBytes(), "the view's storage is big's, counted once");
        assertEquals(List.of("big", "view", "small"), held.largest().stream().map(Cause.Holder::name).toList());
        assertEquals(8 * MIB, held.largest().get(0).bytes());
        assertEquals(List.of("view"), held.largest().get(0).sharedWith());
        assertEquals(3, held.holderCount());
        assertFalse(held.wouldCover(), "the request was for 32 TiB");
    }

    @Test
    void aLossKeptAcrossStepsIsNamedBesideTheVariables() {
        LinearImpl model = keep(new LinearImpl(64, 64));
        Tensor input = keep(torch.randn(32, 64));
        Tensor total = keep(torch.zeros(1));
        for (int step = 0; step < 4; step++) {
            total = keep(total.add(model.forward(input).pow(new org.bytedeco.pytorch.Scalar(2.0)).sum()));
        }
        MapVariables vars = new MapVariables().put("model", model).put("input", input).put("total", total);
        Optional<AllocationFailure> failure = AllocationFailures.inMessage(RecordedMessages.read("cpu-1x.txt"));

        List<Cause> causes = causes(failure, Optional.of(RecordedReports.noDriver()),
                Optional.of(new VariableWalker(torchAccess).scan(vars.bindings())), Map.of());

        assertInstanceOf(Cause.VariablesHold.class, causes.get(0), "2.25 MiB asked of 20 GiB available: not too large");
        Cause.AutogradHistory history = assertInstanceOf(Cause.AutogradHistory.class, causes.get(1));
        assertEquals(List.of(new Cause.HistoryHolder("total", 1, List.of("AddBackward0"))), history.variables());
    }

    @Test
    void onAGpuOthersLeadThenVariablesThenTheCacheAndTheContext() {
        AllocationFailure failure = parsed("v2-one-other-process.txt");
        MemoryReport report = RecordedReports.h100(16937, 16323, 16529, 64195);

        List<Cause> causes = causes(Optional.of(failure), Optional.of(report), Optional.of(onGpu(12 * GIB, 3 * GIB)), Map.of());

        assertEquals(List.of(Cause.OthersHold.class, Cause.VariablesHold.class, Cause.ContextAndLibraries.class, Cause.CacheHeld.class),
                causes.stream().map(Object::getClass).toList(), causes.toString());
        Cause.OthersHold others = (Cause.OthersHold) causes.get(0);
        assertEquals(64195 * MIB, others.totalBytes());
        assertEquals("alice", others.processes().get(0).identity().orElseThrow().user().orElseThrow());
        assertFalse(others.fromFailure(), "the driver was asked now");
        Cause.VariablesHold variables = (Cause.VariablesHold) causes.get(1);
        assertEquals(15 * GIB, variables.totalBytes(), "host tensors are not blamed for a GPU failure");
        assertEquals(List.of("activations", "weights"), variables.largest().stream().map(Cause.Holder::name).toList());
        assertTrue(variables.wouldCover(), "148 MiB asked, 11.19 MiB free");
        assertEquals((16937 - 16529) * MIB, ((Cause.ContextAndLibraries) causes.get(2)).contextBytes());
        Cause.CacheHeld cache = (Cause.CacheHeld) causes.get(3);
        assertEquals(of(205.65, MIB), cache.cacheBytes(), "the failure's own figure, not the allocator's now");
        assertTrue(cache.atFailure());
        assertEquals("PYTORCH_CUDA_ALLOC_CONF", cache.allocConfVariable());
        assertFalse(cache.expandableSegmentsSet());
    }

    @Test
    void fragmentationWithoutADriverToAskNowComesFromTheFailureAlone() {
        AllocationFailure failure = parsed("v2-no-process-capacty.txt");

        List<Cause> causes = causes(Optional.of(failure), Optional.of(RecordedReports.noDriver()), Optional.empty(),
                Map.of("PYTORCH_CUDA_ALLOC_CONF", "expandable_segments:True"));

        Cause.CacheHeld cache = assertInstanceOf(Cause.CacheHeld.class, causes.get(0));
        assertEquals(of(2.30, GIB), cache.cacheBytes());
        assertTrue(cache.expandableSegmentsSet());
        assertEquals(1, causes.size(), causes.toString());
        Place place = CauseSelection.place(Optional.of(failure), Optional.of(RecordedReports.noDriver()));
        assertEquals(OptionalInt.of(0), place.device());
        assertEquals(OptionalLong.of(6 * GIB), place.totalBytes(), "the failure's total capacity");
        assertEquals(OptionalLong.empty(), place.freeNowBytes());
    }

    @Test
    void aRequestLargerThanTheWholeDeviceLeads() {
        List<Cause> causes = causes(Optional.of(parsed("v2-larger-than-the-device.txt")), Optional.empty(), Optional.empty(), Map.of());
        Cause.RequestTooLarge tooLarge = assertInstanceOf(Cause.RequestTooLarge.class, causes.get(0));
        assertEquals(of(55.57, GIB), tooLarge.requestedBytes());
        assertEquals(12 * GIB, tooLarge.capacityBytes());
        assertTrue(tooLarge.ofDevice());
    }

    @Test
    void processesOnlyTheFailureNamesAreLookedUpAndTheContextWorkedOutFromItsFigures() {
        AllocationFailure failure = parsed("v2-two-other-processes.txt");

        List<Cause> causes = causes(Optional.of(failure), Optional.empty(), Optional.empty(), Map.of());

        Cause.OthersHold others = assertInstanceOf(Cause.OthersHold.class, causes.get(0));
        assertTrue(others.fromFailure());
        assertEquals(List.of(3269914L, 3269913L), others.processes().stream().map(p -> p.identity().orElseThrow().pid()).toList(), "largest first");
        assertEquals(of(13.17, GIB) + of(1.88, GIB), others.totalBytes());
        Cause.ContextAndLibraries context = assertInstanceOf(Cause.ContextAndLibraries.class, causes.get(1));
        assertEquals(of(16.37, GIB) - of(16.00, GIB) - of(16.00, MIB), context.contextBytes(), "this process less what libtorch reserved");
        assertTrue(context.atFailure());
    }

    @Test
    void withoutAFailureThePresentStateOfTheKernelsGpuIsShown() {
        MemoryReport report = RecordedReports.h100(4096, 1024, 3072, 0);
        Optional<Holdings> holdings = Optional.of(onGpu(512 * MIB, 256 * MIB));

        Place place = CauseSelection.place(Optional.empty(), Optional.of(report));
        List<Cause> causes = causes(Optional.empty(), Optional.of(report), holdings, Map.of());

        assertTrue(place.gpu());
        assertEquals(Optional.of("NVIDIA H100 80GB HBM3"), place.name());
        assertEquals(List.of(Cause.CacheHeld.class, Cause.ContextAndLibraries.class, Cause.VariablesHold.class),
                causes.stream().map(Object::getClass).toList(), "2 GiB cached, 1 GiB context, 768 MiB in variables: " + causes);
        assertFalse(((Cause.CacheHeld) causes.get(0)).atFailure());
        assertEquals(Autograd.NONE, holdings.get().variables().get(0).autograd());
    }

    @Test
    void withoutAFailureOrADriverTheHostIsThePlace() {
        Place place = CauseSelection.place(Optional.empty(), Optional.of(RecordedReports.noDriver()));
        assertFalse(place.gpu());
        assertEquals(OptionalLong.of(20 * GIB), place.freeNowBytes());
        assertTrue(place.holds("cpu"));
        assertFalse(place.holds("cuda:0"));
    }
}
