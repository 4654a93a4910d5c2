package dev.gpumagics.context;

import static dev.gpumagics.context.checkpoint.Fixtures.GIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.context.ContextOutcome.Failed;
import dev.gpumagics.context.ContextOutcome.Refused;
import dev.gpumagics.context.ContextStatus.Running;
import dev.gpumagics.context.ContextStatus.Suspended;
import dev.gpumagics.context.checkpoint.BytesPerDevice;
import dev.gpumagics.context.checkpoint.CheckpointController;
import dev.gpumagics.context.checkpoint.Checkpointer;
import dev.gpumagics.context.checkpoint.ControllerReply;
import dev.gpumagics.context.checkpoint.DeviceRoom;
import dev.gpumagics.context.checkpoint.Fixtures;
import dev.gpumagics.context.checkpoint.ModelDriver;
import dev.gpumagics.context.driver.CheckpointState;
import dev.gpumagics.context.driver.ContextDriver;
import dev.gpumagics.context.driver.DriverCall;
import dev.gpumagics.probe.value.Probed;
import dev.gpumagics.report.ContextText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GpuContextTest {

    private static final long PID = 31337;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    private final List<String> events = new ArrayList<>();
    private final ModelDriver model = new ModelDriver().withProcess(PID);
    private final CheckpointController controller = Fixtures.controller(model);
    private final List<GpuContext> made = new ArrayList<>();

    /** The second process, run in this one: the controller over the model driver, with each call recorded. */
    private final Checkpointer secondProcess = new Checkpointer() {
        @Override
        public ControllerReply suspend(long pid) {
            events.add("helper suspend");
            return controller.suspend(pid, 10_000);
        }

        @Override
        public ControllerReply resume(long pid, Optional<BytesPerDevice> need) {
            events.add("helper resume");
            return controller.resume(pid, need);
        }

        @Override
        public ControllerReply state(long pid) {
            events.add("helper state");
            return controller.state(pid);
        }
    };

    static Watching watching(TouchWatch.Sampler threads, Duration period, int samples) {
        return new Watching(threads, period, samples, Duration.ofMillis(100), waiting -> { });
    }

    /** Device memory others can take while this process is parked: GPU 0's free bytes, changeable mid-test. */
    private final java.util.concurrent.atomic.AtomicLong freeOnGpu0 = new java.util.concurrent.atomic.AtomicLong(60 * GIB);

    private final CheckpointController roomAware = new CheckpointController(model,
            Fixtures.footprint(BytesPerDevice.of(java.util.Map.of(0, 3 * GIB)),
                    () -> Probed.present(BytesPerDevice.of(java.util.Map.of(0, freeOnGpu0.get())))),
            Fixtures.host(Probed.present(32 * GIB)), Fixtures.owners(Fixtures.OWN_UID));

    /** The helper as the kernel runs it: the resume carries what was parked per device. */
    private final AtomicInteger resumesTried = new AtomicInteger();
    private final Checkpointer roomAwareHelper = new Checkpointer() {
        @Override public ControllerReply suspend(long pid) { return roomAware.suspend(pid, 10_000); }
        @Override public ControllerReply resume(long pid, Optional<BytesPerDevice> need) {
            resumesTried.incrementAndGet();
            return roomAware.resume(pid, need);
        }
        @Override public ControllerReply state(long pid) { return roomAware.state(pid); }
    };

    @Test
    void aResumeWithoutRoomOnTheGpuKeepsItParkedSaysWhyAndWorksOnceThereIsRoom() {
        GpuContext context = new GpuContext(PID, roomAwareHelper, new RecordingContextDriver(List.of(0)),
                Fixtures.footprint(Probed.present(3 * GIB), Probed.present(3 * GIB)), () -> false, () -> false, CLOCK,
                watching(List::of, Duration.ofMillis(20), 2));
        made.add(context);
        assertInstanceOf(ContextOutcome.Suspended.class, context.suspend());
        Suspended parked = assertInstanceOf(Suspended.class, context.status());
        assertEquals(Optional.of(BytesPerDevice.of(java.util.Map.of(0, 3 * GIB))), parked.parkedPerDevice());

        freeOnGpu0.set(2 * GIB); // another user took the memory this kernel gave back
        Refused refused = assertInstanceOf(Refused.class, context.resume());

        ControllerReply.NoRoom noRoom = assertInstanceOf(ControllerReply.NoRoom.class,
                assertInstanceOf(Refusal.ByController.class, refused.why()).answer());
        assertEquals(new DeviceRoom(PID, 0, 2 * GIB, 3 * GIB, CheckpointController.RESTORE_HEADROOM), noRoom.room());
        assertTrue(ContextText.reason(refused).startsWith("GPU 0 has 2.00 GiB free and process " + PID + " needs 3.00 GiB back there"),
                ContextText.reason(refused));
        assertEquals("its GPU state stays safe in host memory: resume when other processes have given that much back", ContextText.hint(refused));
        assertEquals(parked, context.status(), "still parked, exactly as before");
        assertEquals(CheckpointState.CHECKPOINTED, model.states.get(PID));

        freeOnGpu0.set(40 * GIB);
        assertInstanceOf(ContextOutcome.Resumed.class, context.resume());
        assertInstanceOf(Running.class, context.status());
    }

    @Test
    void aGpuCallThatMustWaitForRoomIsToldOnceAndGoesOnWhenThereIsRoom() throws Exception {
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        TouchWatch.Sampler cellInCuda = () -> List.of(new TouchWatch.ThreadTop(2, "cell", "org.bytedeco.cuda.global.cudart", "cudaMemcpy", true));
        GpuContext context = new GpuContext(PID, roomAwareHelper, new RecordingContextDriver(List.of(0)),
                Fixtures.footprint(Probed.present(3 * GIB), Probed.present(3 * GIB)), () -> false, () -> false, CLOCK,
                new Watching(cellInCuda, Duration.ofMillis(10), 1, Duration.ofMillis(30), waiting -> told.add(ContextText.waiting(waiting))));
        made.add(context);
        freeOnGpu0.set(60 * GIB);
        assertInstanceOf(ContextOutcome.Suspended.class, context.suspend());
        freeOnGpu0.set(1 * GIB);

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (resumesTried.get() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(resumesTried.get() >= 4, "it keeps trying: " + resumesTried.get());
        assertFalse(context.status() instanceof Running, "parked, or between two tries: " + context.status());
        assertEquals(CheckpointState.CHECKPOINTED, model.states.get(PID), "no restore was tried");
        assertEquals(1, told.size(), "told once, not at every try: " + told);
        assertTrue(told.get(0).startsWith("GpuMagics: org.bytedeco.cuda.global.cudart.cudaMemcpy (thread \"cell\") called into a GPU "
                + "library and waits, since this kernel's GPU state is parked and cannot be resumed yet: GPU 0 has 1.00 GiB free"), told.get(0));
        assertTrue(told.get(0).endsWith("It is tried again every 30 ms and goes on by itself once there is room."), told.get(0));

        freeOnGpu0.set(40 * GIB);
        while (!(context.status() instanceof Running) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertInstanceOf(Running.class, context.status());
        ContextOutcome.Resumed resumed = assertInstanceOf(ContextOutcome.Resumed.class, context.takeNotice().orElseThrow());
        assertEquals(Optional.of("org.bytedeco.cuda.global.cudart.cudaMemcpy (thread \"cell\") called into a GPU library"), resumed.trigger());
        assertEquals(CheckpointState.RUNNING, model.states.get(PID));
    }

    /**
     * A resume whose helper fails before the restore (it could not start, or did not answer) is settled as still
     * parked; what the process held per device must survive that, or the next resume restores with no room check.
     */
    @Test
    void aResumeThatFailedBeforeRestoringKeepsTheRoomCheckForTheNextOne() {
        AtomicInteger calls = new AtomicInteger();
        Checkpointer flaky = new ScriptedCheckpointer(roomAwareHelper) {
            @Override public ControllerReply resume(long pid, Optional<BytesPerDevice> need) {
                return calls.incrementAndGet() == 1
                        ? new ControllerReply.Failed("cannot start the checkpoint helper (java): error=12, Cannot allocate memory", Optional.empty())
                        : roomAwareHelper.resume(pid, need);
            }
        };
        GpuContext context = new GpuContext(PID, flaky, new RecordingContextDriver(List.of(0)),
                Fixtures.footprint(Probed.present(3 * GIB), Probed.present(3 * GIB)), () -> false, () -> false, CLOCK,
                watching(List::of, Duration.ofMillis(20), 2));
        made.add(context);
        assertInstanceOf(ContextOutcome.Suspended.class, context.suspend());
        freeOnGpu0.set(1 * GIB);

        assertInstanceOf(Failed.class, context.resume());
        Suspended settled = assertInstanceOf(Suspended.class, context.status());
        assertEquals(Optional.of(BytesPerDevice.of(java.util.Map.of(0, 3 * GIB))), settled.parkedPerDevice(), "what it held is still known");

        Refused refused = assertInstanceOf(Refused.class, context.resume(), "no restore without room");
        assertTrue(ContextText.reason(refused).startsWith("GPU 0 has 1.00 GiB free"), ContextText.reason(refused));
        assertEquals(CheckpointState.CHECKPOINTED, model.states.get(PID));
        freeOnGpu0.set(40 * GIB);
    }

    /** Any answer the helper's line can carry, "noroom" included, is settled: the status never stays "changing". */
    @Test
    void aNoRoomAnswerToASuspendIsSettledNotThrown() {
        Checkpointer odd = new ScriptedCheckpointer(secondProcess) {
            @Override
            public ControllerReply suspend(long pid) {
                return new ControllerReply.NoRoom(new DeviceRoom(pid, 0, GIB, 3 * GIB, CheckpointController.RESTORE_HEADROOM));
            }
        };
        GpuContext context = context(odd, new RecordingContextDriver(List.of(0)), false);

        Failed failed = assertInstanceOf(Failed.class, context.suspend());

        assertTrue(ContextText.reason(failed).contains("GPU 0 has 1.00 GiB free"), ContextText.reason(failed));
        assertInstanceOf(Running.class, context.status());
    }

    @Test
    void aGpuCallWhoseResumeKeepsFailingIsToldOnceAndRetriedAtTheRetryPaceNotTheWatchs() throws Exception {
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicInteger tries = new AtomicInteger();
        Checkpointer cannotStart = new ScriptedCheckpointer(secondProcess) {
            @Override public ControllerReply resume(long pid, Optional<BytesPerDevice> need) {
                tries.incrementAndGet();
                return new ControllerReply.Failed("the checkpoint helper could not start: Cannot allocate memory", Optional.empty());
            }
        };
        TouchWatch.Sampler cellInCuda = () -> List.of(new TouchWatch.ThreadTop(2, "cell", "org.bytedeco.cuda.global.cudart", "cudaMemcpy", true));
        GpuContext context = new GpuContext(PID, cannotStart, new RecordingContextDriver(List.of(0)),
                Fixtures.footprint(Probed.present(3 * GIB), Probed.present(3 * GIB)), () -> false, () -> false, CLOCK,
                new Watching(cellInCuda, Duration.ofMillis(5), 1, Duration.ofMillis(250), waiting -> told.add(ContextText.waiting(waiting))));
        assertInstanceOf(ContextOutcome.Suspended.class, context.suspend());

        Thread.sleep(1_100);
        context.watchStop();

        assertTrue(tries.get() >= 2 && tries.get() <= 6, "tried every 250 ms, not every 5 ms: " + tries.get());
        assertEquals(1, told.size(), told.toString());
        assertTrue(told.get(0).contains("cannot be resumed yet: resume failed: the checkpoint helper could not start"), told.get(0));
        assertTrue(told.get(0).endsWith("if none does, save what you can and restart the kernel."), told.get(0));
        assertEquals(CheckpointState.CHECKPOINTED, model.states.get(PID));
    }

    @AfterEach
    void stopWatches() {
        made.forEach(context -> context.resume());
    }

    private GpuContext context(Checkpointer checkpointer, ContextDriver driver, boolean libtorchCuda) {
        GpuContext context = new GpuContext(PID, checkpointer, driver, Fixtures.footprint(Probed.present(3 * GIB), Probed.present(3 * GIB)),
                () -> events.add("release caches"), () -> libtorchCuda, CLOCK, watching(List::of, Duration.ofMillis(20), 2));
        made.add(context);
        return context;
    }

    private GpuContext context() {
        return context(secondProcess, new RecordingContextDriver(List.of(0)), false);
    }

    @Test
    void runningThenSuspendedThenRunningAgain() {
        GpuContext context = context();
        assertInstanceOf(Running.class, context.status());

        ContextOutcome.Suspended suspended = assertInstanceOf(ContextOutcome.Suspended.class, context.suspend());
        Suspended status = assertInstanceOf(Suspended.class, context.status());
        assertEquals(OptionalLong.of(4 * GIB), suspended.parkedBytes());
        assertEquals(OptionalLong.of(4 * GIB), status.parkedBytes());
        assertEquals(CLOCK.instant(), status.since());
        assertFalse(status.deviceCallsSafe());
        assertEquals(CheckpointState.CHECKPOINTED, model.states.get(PID));
        assertTrue(context.watching(), "the resume-on-touch watch runs while suspended");

        ContextOutcome.Resumed resumed = assertInstanceOf(ContextOutcome.Resumed.class, context.resume());
        assertEquals(OptionalLong.of(4 * GIB), resumed.restoredBytes());
        assertEquals(Optional.empty(), resumed.trigger());
        assertInstanceOf(Running.class, context.status());
        assertEquals(CheckpointState.RUNNING, model.states.get(PID));
        assertFalse(context.watching());
    }

    @Test
    void cachesAreReleasedBeforeTheHelperParksAnything() {
        context().suspend();

        assertEquals(List.of("release caches", "helper suspend"), events);
    }

    @Test
    void alreadySuspendedAndNotSuspendedAreRefusedWithoutAskingTheDriver() {
        GpuContext context = context();

        Refused notSuspended = assertInstanceOf(Refused.class, context.resume());
        context.suspend();
        events.clear();
        Refused already = assertInstanceOf(Refused.class, context.suspend());

        assertEquals(new Refusal.NotSuspended(), notSuspended.why());
        assertEquals("not suspended: the GPU state is on the device", ContextText.of(notSuspended));
        assertEquals(new Refusal.AlreadySuspended(CLOCK.instant()), already.why());
        assertEquals("already suspended: the GPU state has been parked in host memory since 2026-03-01T12:00:00Z (%gpuresume brings it back)",
                ContextText.of(already));
        assertEquals(List.of(), events);
        assertInstanceOf(Suspended.class, context.status());
    }

    @Test
    void aRefusalFromTheHelperChangesNothing() {
        model.version = Probed.present(12020);
        GpuContext context = context();

        Refused refused = assertInstanceOf(Refused.class, context.suspend());

        assertTrue(ContextText.reason(refused).contains("570"), ContextText.reason(refused));
        assertInstanceOf(Running.class, context.status());
        assertFalse(context.watching());
    }

    @Test
    void ensureResumedDoesNothingWhileRunningAndResumesWhenSuspended() {
        GpuContext context = context();
        assertEquals(Optional.empty(), context.ensureResumed());

        context.suspend();
        ContextOutcome outcome = context.ensureResumed().orElseThrow();

        ContextOutcome.Resumed resumed = assertInstanceOf(ContextOutcome.Resumed.class, outcome);
        assertEquals(Optional.of("a cell was run"), resumed.trigger());
        assertInstanceOf(Running.class, context.status());
    }

    @Test
    void aHelperThatDiesMidSuspendIsSettledByAskingTheState() {
        // the helper was stopped after the checkpoint went through: the state query finds it parked
        Checkpointer dying = new ScriptedCheckpointer(secondProcess) {
            @Override
            public ControllerReply suspend(long pid) {
                controller.suspend(pid, 10_000);
                return new ControllerReply.Failed("the checkpoint helper did not answer within 300 s and was stopped", Optional.empty());
            }
        };
        GpuContext context = context(dying, new RecordingContextDriver(List.of(0)), false);

        Failed failed = assertInstanceOf(Failed.class, context.suspend());

        assertEquals(Optional.of(CheckpointState.CHECKPOINTED), failed.driverState());
        assertTrue(ContextText.reason(failed).contains("the driver reports CHECKPOINTED"), ContextText.reason(failed));
        assertInstanceOf(Suspended.class, context.status());
        assertInstanceOf(ContextOutcome.Resumed.class, context.resume());
        assertEquals(CheckpointState.RUNNING, model.states.get(PID));
    }

    @Test
    void aProcessLeftLockedIsUnlockedAndRunsOn() {
        Checkpointer stuck = new ScriptedCheckpointer(secondProcess) {
            @Override
            public ControllerReply suspend(long pid) {
                model.lock(pid, 0);
                return new ControllerReply.Failed("checkpoint failed: out of memory (2)", Optional.empty());
            }
        };
        GpuContext context = context(stuck, new RecordingContextDriver(List.of(0)), false);

        Failed failed = assertInstanceOf(Failed.class, context.suspend());

        assertEquals("the GPU state is on the device and CUDA runs as before", ContextText.hint(failed));
        assertInstanceOf(Running.class, context.status());
        assertEquals(CheckpointState.RUNNING, model.states.get(PID));
    }

    @Test
    void whenNothingCanBeLearnedItErrsTowardsSuspended() {
        Checkpointer silent = new ScriptedCheckpointer(secondProcess) {
            @Override
            public ControllerReply suspend(long pid) {
                return new ControllerReply.Failed("the checkpoint helper did not answer within 300 s and was stopped", Optional.empty());
            }

            @Override
            public ControllerReply state(long pid) {
                return new ControllerReply.Failed("the checkpoint helper did not answer within 30 s and was stopped", Optional.empty());
            }
        };
        GpuContext context = context(silent, new RecordingContextDriver(List.of(0)), false);

        Failed failed = assertInstanceOf(Failed.class, context.suspend());

        Suspended status = assertInstanceOf(Suspended.class, context.status());
        assertEquals(Optional.of(new ContextStatus.Uncertain("suspend", Optional.empty())), status.uncertain());
        assertTrue(ContextText.of(status).contains("(suspend failed; the driver's state could not be read)"), ContextText.of(status));
        assertTrue(ContextText.hint(failed).startsWith("treated as suspended"), ContextText.hint(failed));
        assertTrue(context.watching());
    }

    @Test
    void resumedFromOutsideIsNoticedAndRecordedAsRunning() {
        GpuContext context = context();
        context.suspend();
        controller.resume(PID, Optional.empty()); // gpumagics.jar resume --pid, from a shell

        Failed failed = assertInstanceOf(Failed.class, context.resume());

        assertTrue(ContextText.reason(failed).contains("not suspended"), ContextText.reason(failed));
        assertInstanceOf(Running.class, context.status());
    }

    @Test
    void aCheckpointerThatThrowsIsSettledInsteadOfLeavingTheStatusChanging() {
        Checkpointer broken = new ScriptedCheckpointer(secondProcess) {
            @Override
            public ControllerReply suspend(long pid) {
                throw new IllegalStateException("no helper JVM");
            }
        };
        GpuContext context = context(broken, new RecordingContextDriver(List.of(0)), false);

        Failed failed = assertInstanceOf(Failed.class, context.suspend());

        assertTrue(ContextText.reason(failed).contains("no helper JVM"), ContextText.reason(failed));
        // the state query finds the process running: nothing was parked, and CUDA runs on
        assertInstanceOf(Running.class, context.status());
        assertFalse(context.watching());
    }

    /**
     * The watch fires while {@code %gpuresume} is already restoring (the sampler holds the watch until the
     * manual resume has begun): exactly one restore, and no notice that claims a failure or a refusal.
     */
    @Test
    void aTouchDuringAManualResumeRestoresOnceAndLeavesNoFalseNotice() throws Exception {
        AtomicInteger restores = new AtomicInteger();
        Checkpointer slowResume = new ScriptedCheckpointer(secondProcess) {
            @Override
            public ControllerReply resume(long pid, Optional<BytesPerDevice> need) {
                restores.incrementAndGet();
                sleep(100);
                return super.resume(pid, need);
            }
        };
        AtomicReference<GpuContext> made = new AtomicReference<>();
        AtomicReference<Thread> manual = new AtomicReference<>();
        AtomicReference<Thread> watchThread = new AtomicReference<>();
        AtomicReference<ContextOutcome> manualOutcome = new AtomicReference<>();
        TouchWatch.Sampler sampler = () -> {
            watchThread.set(Thread.currentThread());
            if (manual.get() == null) {
                Thread thread = new Thread(() -> manualOutcome.set(made.get().resume()), "manual-resume");
                manual.set(thread);
                thread.start();
                sleep(200); // the manual resume takes the context's lock and waits for this look to end
            }
            return List.of(new TouchWatch.ThreadTop(2, "cell", "org.bytedeco.cuda.global.cudart", "cudaMemcpy", true));
        };
        GpuContext context = new GpuContext(PID, slowResume, new RecordingContextDriver(List.of(0)),
                Fixtures.footprint(Probed.present(3 * GIB), Probed.present(3 * GIB)), () -> false, () -> false, CLOCK,
                watching(sampler, Duration.ofMillis(10), 1));
        made.set(context);
        this.made.add(context);

        assertInstanceOf(ContextOutcome.Suspended.class, context.suspend());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (manual.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        manual.get().join(30_000);
        watchThread.get().join(30_000); // its executor ends once the look that fired has returned

        assertEquals(1, restores.get());
        assertInstanceOf(Running.class, context.status());
        assertEquals(CheckpointState.RUNNING, model.states.get(PID));
        Optional<ContextOutcome> notice = context.takeNotice();
        ContextOutcome outcome = notice.isPresent() ? notice.get() : manualOutcome.get();
        assertInstanceOf(ContextOutcome.Resumed.class, outcome, String.valueOf(outcome));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void resetDestroysEveryActiveContext() {
        RecordingContextDriver driver = new RecordingContextDriver(List.of(0, 2));
        GpuContext context = context(secondProcess, driver, false);

        ContextOutcome.Reset reset = assertInstanceOf(ContextOutcome.Reset.class, context.reset());

        assertEquals(List.of(0, 2), reset.devices());
        assertEquals(List.of(0, 2), driver.resets);
        assertInstanceOf(Running.class, context.status());
    }

    @Test
    void resetRefusesUnderLibtorchWithTheReasonAndTheWayOut() {
        RecordingContextDriver driver = new RecordingContextDriver(List.of(0));
        GpuContext context = context(secondProcess, driver, true);

        Refused refused = assertInstanceOf(Refused.class, context.reset());

        assertEquals(new Refusal.ResetUnderLibtorch(), refused.why());
        assertEquals(ContextText.TORCH_RESET_REFUSAL, ContextText.of(refused));
        for (String part : List.of("libtorch", "illegal memory access", "%gpususpend", "%gpuresume", "restart the kernel")) {
            assertTrue(ContextText.of(refused).contains(part), part);
        }
        assertEquals(List.of(), driver.resets);
    }

    @Test
    void resetRefusesWhileSuspendedWithoutTouchingTheDriver() {
        RecordingContextDriver driver = new RecordingContextDriver(List.of(0));
        GpuContext context = context(secondProcess, driver, false);
        context.suspend();

        Refused refused = assertInstanceOf(Refused.class, context.reset());

        assertEquals("the GPU state is suspended: %gpureset would block on the parked context (%gpuresume first)", ContextText.of(refused));
        assertEquals(0, driver.calls);
    }

    @Test
    void resetRefusesWithoutADriverOrAContext() {
        RecordingContextDriver none = new RecordingContextDriver(List.of());
        Refused noContext = assertInstanceOf(Refused.class, context(secondProcess, none, false).reset());
        assertEquals("this process has no CUDA context: nothing to reset", ContextText.of(noContext));

        RecordingContextDriver noDriver = new RecordingContextDriver(List.of(0));
        noDriver.version = Probed.unavailable("the CUDA libraries could not be loaded (libcuda.so.1)", "install the driver");
        Refused refused = assertInstanceOf(Refused.class, context(secondProcess, noDriver, false).reset());
        assertEquals("no usable NVIDIA driver: the CUDA libraries could not be loaded (libcuda.so.1) (install the driver)", ContextText.of(refused));
        assertEquals(List.of(), noDriver.resets);
    }

    @Test
    void aFailedResetSaysSo() {
        RecordingContextDriver driver = new RecordingContextDriver(List.of(0));
        driver.result = new DriverCall(999, "unknown error (999)");

        ContextOutcome failed = context(secondProcess, driver, false).reset();

        assertEquals(new ContextOutcome.ResetFailed(0, driver.result), failed);
        assertEquals("cudaDeviceReset on device 0 failed: unknown error (999). CUDA in this process may be unusable: save your work and"
                + " restart the kernel.", ContextText.of(failed));
    }

    /** Delegates everything not overridden. */
    private static class ScriptedCheckpointer implements Checkpointer {
        private final Checkpointer delegate;

        ScriptedCheckpointer(Checkpointer delegate) {
            this.delegate = delegate;
        }

        @Override
        public ControllerReply suspend(long pid) {
            return delegate.suspend(pid);
        }

        @Override
        public ControllerReply resume(long pid, Optional<BytesPerDevice> need) {
            return delegate.resume(pid, need);
        }

        @Override
        public ControllerReply state(long pid) {
            return delegate.state(pid);
        }
    }

    static final class RecordingContextDriver implements ContextDriver {
        final List<Integer> active;
        final List<Integer> resets = new ArrayList<>();
        Probed<Integer> version = Probed.present(13000);
        DriverCall result = DriverCall.SUCCESS;
        int calls;

        RecordingContextDriver(List<Integer> active) {
            this.active = active;
        }

        @Override
        public Probed<Integer> driverVersion() {
            calls++;
            return version;
        }

        @Override
        public Probed<List<Integer>> devicesWithContext() {
            calls++;
            return Probed.present(active);
        }

        @Override
        public DriverCall resetDevice(int device) {
            calls++;
            resets.add(device);
            return result;
        }
    }
}
