package dev.gpumagics.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.context.GpuContext;
import dev.gpumagics.context.checkpoint.BytesPerDevice;
import dev.gpumagics.context.checkpoint.Checkpointer;
import dev.gpumagics.context.checkpoint.ControllerReply;
import dev.gpumagics.context.checkpoint.DeviceFootprint;
import dev.gpumagics.context.driver.CheckpointState;
import dev.gpumagics.context.driver.ContextDriver;
import dev.gpumagics.context.driver.DriverCall;
import dev.gpumagics.probe.value.Probed;
import dev.gpumagics.report.ContextText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The three magics, called by name as a kernel's adapter calls them, over a context whose helper and driver are stand-ins. */
class ContextMagicsTest {

    private static final long GIB = 1L << 30;

    private final List<String> shown = new ArrayList<>();
    private final List<Integer> resets = new ArrayList<>();
    private boolean libtorchCuda;
    private CheckpointState helperState = CheckpointState.RUNNING;

    private final Checkpointer helper = new Checkpointer() {
        @Override
        public ControllerReply suspend(long pid) {
            helperState = CheckpointState.CHECKPOINTED;
            return new ControllerReply.Done(CheckpointState.CHECKPOINTED,
                    List.of(new ControllerReply.Step("lock", 1_000_000), new ControllerReply.Step("checkpoint", 2_000_000_000L)),
                    OptionalLong.of(4 * GIB), OptionalLong.of(0));
        }

        @Override
        public ControllerReply resume(long pid, Optional<BytesPerDevice> need) {
            helperState = CheckpointState.RUNNING;
            return new ControllerReply.Done(CheckpointState.RUNNING,
                    List.of(new ControllerReply.Step("restore", 1_000_000_000L), new ControllerReply.Step("unlock", 1_000_000)),
                    OptionalLong.empty(), OptionalLong.of(5 * GIB));
        }

        @Override
        public ControllerReply state(long pid) {
            return new ControllerReply.Done(helperState, List.of(), OptionalLong.empty(), OptionalLong.empty());
        }
    };

    private final ContextDriver driver = new ContextDriver() {
        @Override
        public Probed<Integer> driverVersion() {
            return Probed.present(13000);
        }

        @Override
        public Probed<List<Integer>> devicesWithContext() {
            return Probed.present(resets.isEmpty() ? List.of(0) : List.of());
        }

        @Override
        public DriverCall resetDevice(int device) {
            resets.add(device);
            return DriverCall.SUCCESS;
        }
    };

    private final DeviceFootprint footprint = new DeviceFootprint() {
        @Override
        public Probed<Long> bytesHeldBy(long pid) {
            return Probed.present(resets.isEmpty() ? 518L << 20 : 0L);
        }

        @Override
        public Probed<Long> bytesUsedOnAllDevices() {
            return Probed.present(GIB);
        }
    };

    private final GpuContext context = GpuContext.of(99, helper, driver, footprint, () -> true, () -> libtorchCuda, waiting -> { });

    private final Map<String, GpuMagic> magics = Map.of(
            "gpususpend", new GpuSuspendMagic(context),
            "gpuresume", new GpuResumeMagic(context),
            "gpureset", new GpuResetMagic(context));

    @AfterEach
    void leaveRunning() {
        context.resume();
    }

    /** What the magic showed, ahead of its answer and then the answer, as text. */
    private void call(String name, String... args) {
        RecordingNotebook notebook = RecordingNotebook.withoutVariables();
        List<MimeBundle> answer = magics.get(name).call(List.of(args), notebook);
        notebook.shown.forEach(bundle -> shown.add(bundle.text()));
        answer.forEach(bundle -> shown.add(bundle.text()));
    }

    private String run(String name, String... args) {
        shown.clear();
        call(name, args);
        assertEquals(1, shown.size(), shown.toString());
        return shown.get(0);
    }

    @Test
    void suspendThenResumeSayWhatMovedAndHowFast() {
        String suspended = run("gpususpend");
        String resumed = run("gpuresume");

        assertTrue(suspended.startsWith("%gpususpend: Suspended: 4.00 GiB parked in host memory in "), suspended);
        assertTrue(suspended.contains("checkpoint 2.00 s: 2.15 GB/s"), suspended);
        assertTrue(suspended.contains("now holds 0 B on the GPU"), suspended);
        assertTrue(suspended.contains("libtorch's cache and cuBLAS workspaces were released first"), suspended);
        assertTrue(resumed.startsWith("%gpuresume: Resumed: 4.00 GiB restored in "), resumed);
        assertTrue(resumed.contains("restore 1.00 s: 4.29 GB/s"), resumed);
    }

    @Test
    void refusalsAreOneLine() {
        assertEquals("%gpuresume: not suspended: the GPU state is on the device", run("gpuresume"));
        run("gpususpend");
        String again = run("gpususpend");
        assertTrue(again.startsWith("%gpususpend: already suspended") && again.endsWith("(%gpuresume brings it back)"), again);
        assertEquals(1, again.lines().count());
        // a refusal that leaves the state other than asked is an error: Run All stops there
        assertEquals("%gpureset: the GPU state is suspended: %gpureset would block on the parked context (%gpuresume first)",
                assertThrows(MagicUsageException.class, () -> call("gpureset")).getMessage());
    }

    @Test
    void resetFreesTheContextAndSaysWhatBecameInvalid() {
        String reset = run("gpureset");

        assertTrue(reset.startsWith("%gpureset: Reset: destroyed this process's CUDA context on device 0 in "), reset);
        assertTrue(reset.contains("it held 518 MiB and now holds 0 B on the GPU"), reset);
        assertTrue(reset.contains("Every device pointer"), reset);
        assertEquals(List.of(0), resets);
        assertEquals("%gpureset: this process has no CUDA context: nothing to reset", run("gpureset"));
    }

    @Test
    void resetUnderLibtorchRefusesInOneParagraph() {
        libtorchCuda = true;

        String refused = assertThrows(MagicUsageException.class, () -> call("gpureset")).getMessage();

        assertEquals("%gpureset: " + ContextText.TORCH_RESET_REFUSAL, refused);
        assertEquals(1, refused.lines().count());
        assertEquals(List.of(), resets);
    }

    @Test
    void argumentsAreAUsageErrorAndNothingActs() {
        // an error, not a shown line: Run All stops at a mistyped %gpususpend instead of going on as if suspended
        MagicUsageException error = assertThrows(MagicUsageException.class,
                () -> call("gpususpend", "--now"));
        assertEquals("unknown option --now. Usage: %gpususpend", error.getMessage());
        assertEquals("unexpected argument '0'. Usage: %gpureset", assertThrows(MagicUsageException.class,
                () -> call("gpureset", "0")).getMessage());
        assertEquals(CheckpointState.RUNNING, helperState);
        assertEquals(List.of(), resets);
        assertEquals(List.of(), shown);
    }

    @Test
    void aResumeByTheKernelsHookLeavesNothingToResume() {
        run("gpususpend");
        context.ensureResumed();
        // ensureResumed is the kernel's own call: its outcome goes to the kernel, not to a notice
        assertEquals("%gpuresume: not suspended: the GPU state is on the device", run("gpuresume"));
    }
}
