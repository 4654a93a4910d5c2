package dev.gpumagics.idle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.context.ContextOutcome;
import dev.gpumagics.context.ContextStatus;
import dev.gpumagics.context.GpuContext;
import dev.gpumagics.context.checkpoint.BytesPerDevice;
import dev.gpumagics.context.checkpoint.CheckpointController;
import dev.gpumagics.context.checkpoint.Checkpointer;
import dev.gpumagics.context.checkpoint.ControllerReply;
import dev.gpumagics.context.checkpoint.Fixtures;
import dev.gpumagics.context.checkpoint.ModelDriver;
import dev.gpumagics.context.driver.CheckpointState;
import dev.gpumagics.context.driver.ContextDriver;
import dev.gpumagics.context.driver.DriverCall;
import dev.gpumagics.probe.value.Probed;
import dev.gpumagics.release.MemoryRelease;
import dev.gpumagics.vars.NotebookVariables;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The policy on real time, in fractions of a second: the release is the real {@code %gpugc} path, the suspend goes
 * through the checkpoint controller to the model of the driver (as {@code %gpususpend}'s tests do), and what counts as
 * work is read from this JVM's real threads.
 */
class IdleWatchTest {

    private static final long PID = 31337;

    private final ModelDriver model = new ModelDriver().withProcess(PID);
    private final CheckpointController controller = Fixtures.controller(model);
    private final AtomicInteger changes = new AtomicInteger();
    private final List<IdleWatch> made = new ArrayList<>();

    private final Checkpointer helper = new Checkpointer() {
        @Override public ControllerReply suspend(long pid) { return controller.suspend(pid, 10_000); }
        @Override public ControllerReply resume(long pid, Optional<BytesPerDevice> need) { return controller.resume(pid, need); }
        @Override public ControllerReply state(long pid) { return controller.state(pid); }
    };

    private static final ContextDriver NO_RESET = new ContextDriver() {
        @Override public Probed<Integer> driverVersion() { return Probed.present(12090); }
        @Override public Probed<List<Integer>> devicesWithContext() { return Probed.present(List.of(0)); }
        @Override public DriverCall resetDevice(int device) { throw new AssertionError("no reset here"); }
    };

    private GpuContext context(Checkpointer checkpointer) {
        return GpuContext.of(PID, checkpointer, NO_RESET, Fixtures.footprint(Probed.present(4 * Fixtures.GIB), Probed.present(20 * Fixtures.GIB)),
                () -> false, () -> false, waiting -> { });
    }

    private IdleWatch watch(IdlePolicy policy, GpuContext context) {
        IdleWatch watch = new IdleWatch(policy, IdleSteps.of(MemoryRelease.of(NotebookVariables.none()), context),
                new ActivityMeter(IdleWatchTest.class::getClassLoader, Optional::empty), Clock.systemUTC(), changes::incrementAndGet);
        made.add(watch);
        return watch;
    }

    @AfterEach
    void closeThem() {
        made.forEach(IdleWatch::close);
    }

    private static IdlePolicy policy(long releaseMillis, long suspendMillis) {
        return new IdlePolicy(releaseMillis > 0 ? Optional.of(Duration.ofMillis(releaseMillis)) : Optional.empty(),
                suspendMillis > 0 ? Optional.of(Duration.ofMillis(suspendMillis)) : Optional.empty());
    }

    private static IdleStatus await(IdleWatch watch, Predicate<IdleStatus> wanted, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        IdleStatus status = watch.status();
        while (System.nanoTime() < deadline) {
            status = watch.status();
            if (wanted.test(status)) {
                return status;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(what + " did not happen in 15 s: " + status);
    }

    private static boolean has(IdleStatus status, Class<? extends IdleEvent> kind) {
        return status.sinceLastCell().stream().anyMatch(kind::isInstance);
    }

    @Test
    void idleItReleasesThenParksThroughTheDriverAndTheNextCellResumesAndIsToldBoth() throws Exception {
        GpuContext context = context(helper);
        IdleWatch watch = watch(policy(300, 900), context);
        watch.cellStarts();
        watch.cellEnds();

        await(watch, s -> has(s, IdleEvent.Parked.class), "the park");

        assertEquals(CheckpointState.CHECKPOINTED, model.states.get(PID));
        assertInstanceOf(ContextStatus.Suspended.class, context.status());
        WhileIdle told = watch.cellStarts().orElseThrow();
        assertEquals(CheckpointState.RUNNING, model.states.get(PID), "resumed before the cell runs");
        assertInstanceOf(ContextStatus.Running.class, context.status());
        assertEquals(List.of(IdleEvent.Released.class, IdleEvent.Parked.class), told.events().stream().map(Object::getClass).toList());
        assertTrue(told.idleFor().compareTo(Duration.ofMillis(900)) >= 0, told.toString());
        IdleEvent.Released released = (IdleEvent.Released) told.events().get(0);
        IdleEvent.Parked parked = (IdleEvent.Parked) told.events().get(1);
        assertTrue(Duration.between(released.at(), parked.at()).toMillis() >= 500, "release at 300 ms, park at 900 ms: " + told);
        assertInstanceOf(ContextOutcome.Resumed.class, told.resumed().orElseThrow());
        assertTrue(changes.get() >= 2, "the record heard of the park and the resume");
        assertEquals(Optional.empty(), watch.cellStarts(), "said once");
    }

    @Test
    void aCellThatKeepsABackgroundThreadBusyIsNeverTakenForIdleAndTheNextCellSaysWhoKeptIt() throws Exception {
        IdleWatch watch = watch(policy(300, 0), context(helper));
        AtomicBoolean spin = new AtomicBoolean(true);
        Thread worker = new Thread(() -> {
            long sink = 0;
            while (spin.get()) {
                sink += System.nanoTime() % 7;
            }
            if (sink == 42) {
                System.out.print("");
            }
        }, "training-loop");
        watch.cellStarts();
        worker.start(); // the cell's background work goes on after it ends
        watch.cellEnds();

        IdleStatus computing = await(watch, s -> has(s, IdleEvent.HeldBack.class), "the hold-back");
        Thread.sleep(1200);
        assertFalse(has(watch.status(), IdleEvent.Released.class), "1.5 s past its 300 ms, nothing released while the thread computes: "
                + watch.status());
        IdleEvent.HeldBack held = (IdleEvent.HeldBack) computing.sinceLastCell().get(0);
        Busy.ThreadComputing why = assertInstanceOf(Busy.ThreadComputing.class, held.why());
        assertEquals("training-loop", why.thread());

        spin.set(false);
        worker.join();
        await(watch, s -> has(s, IdleEvent.Released.class), "the release once the thread stopped");
        WhileIdle told = watch.cellStarts().orElseThrow();
        assertEquals(List.of(IdleEvent.HeldBack.class, IdleEvent.Released.class), told.events().stream().map(Object::getClass).toList());
    }

    @Test
    void whileACellRunsNothingIsTakenAndOffThereIsNoThreadAtAll() throws Exception {
        IdleWatch watch = watch(policy(100, 200), context(helper));
        watch.cellStarts();
        Thread.sleep(800);
        assertEquals(List.of(), watch.status().sinceLastCell());
        assertEquals(CheckpointState.RUNNING, model.states.get(PID));
        assertTrue(threadNamed("gpumagics-idle"));

        watch.setPolicy(IdlePolicy.OFF);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (threadNamed("gpumagics-idle") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(threadNamed("gpumagics-idle"), "off, the watch has no thread");
    }

    private static boolean threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    @Test
    void aParkTheDriverRefusesIsSaidWithItsReasonAndNothingIsParked() throws Exception {
        model.version = Probed.present(12040); // before 570: no checkpoint API
        IdleWatch watch = watch(policy(0, 200), context(helper));
        watch.cellStarts();
        watch.cellEnds();

        await(watch, s -> has(s, IdleEvent.NotParked.class), "the refusal");

        WhileIdle told = watch.cellStarts().orElseThrow();
        IdleEvent.NotParked refused = (IdleEvent.NotParked) told.events().get(0);
        assertInstanceOf(ContextOutcome.Refused.class, refused.outcome());
        assertEquals(Optional.empty(), told.resumed());
        assertEquals(CheckpointState.RUNNING, model.states.get(PID));
    }

    @Test
    void theWatchLooksATenthOfTheFirstStepBetweenATenthOfASecondAndTenSeconds() {
        assertEquals(Duration.ofSeconds(10), IdleWatch.look(policy(600_000, 7_200_000)));
        assertEquals(Duration.ofMillis(3000), IdleWatch.look(policy(0, 30_000)));
        assertEquals(Duration.ofMillis(100), IdleWatch.look(policy(500, 0)));
    }
}
