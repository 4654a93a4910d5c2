package dev.gpumagics.context;

import dev.gpumagics.context.ContextOutcome.Failed;
import dev.gpumagics.context.ContextOutcome.Refused;
import dev.gpumagics.context.ContextStatus.Running;
import dev.gpumagics.context.ContextStatus.Suspended;
import dev.gpumagics.context.checkpoint.BytesPerDevice;
import dev.gpumagics.context.checkpoint.Checkpointer;
import dev.gpumagics.context.checkpoint.ControllerReply;
import dev.gpumagics.context.checkpoint.DeviceFootprint;
import dev.gpumagics.context.driver.CheckpointState;
import dev.gpumagics.context.driver.ContextDriver;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * This process's CUDA context: parking it in host memory ({@code %gpususpend}), bringing it back
 * ({@code %gpuresume}) and destroying it ({@code %gpureset}, see {@link ContextReset}). One per process, since the
 * driver's state is per process. While suspended it never calls CUDA or NVML; a Java thread that calls into a
 * GPU library resumes it (see {@link AutoResume}), so a cell never hangs on the parked GPU.
 */
public final class GpuContext {

    private static @Nullable GpuContext thisProcess;

    private final long pid;
    private final Checkpointer checkpointer;
    private final CacheRelease cacheRelease;
    private final ContextReset reset;
    private final Clock clock;
    private final AutoResume autoResume;
    private volatile ContextStatus status = new Running();

    /** Releases allocator caches before a suspend, so only live data is copied. */
    public interface CacheRelease {
        /** True when a cache was released. */
        boolean release();
    }

    GpuContext(long pid, Checkpointer checkpointer, ContextDriver driver, DeviceFootprint footprint,
               CacheRelease cacheRelease, BooleanSupplier libtorchCudaLoaded, Clock clock, Watching watching) {
        this.pid = pid;
        this.checkpointer = checkpointer;
        this.cacheRelease = cacheRelease;
        this.reset = new ContextReset(pid, driver, footprint, libtorchCudaLoaded);
        this.clock = clock;
        this.autoResume = new AutoResume(watching, this::resumeOnTouch);
    }

    /**
     * The process's one context: the first call builds it with {@code wiring} (the entry points,
     * {@code dev.gpumagics.ThisProcess}, give the real parts); later calls return the same one.
     */
    public static synchronized GpuContext ofThisProcess(Supplier<GpuContext> wiring) {
        if (thisProcess == null) {
            thisProcess = wiring.get();
        }
        return thisProcess;
    }

    /**
     * A context with its collaborators given: for a process that wires its own (tests, or an application that is not a
     * kernel), watching every live thread.
     *
     * @param waiting told once per park when a GPU call must wait for its resume
     */
    public static GpuContext of(long pid, Checkpointer checkpointer, ContextDriver driver, DeviceFootprint footprint,
                                CacheRelease cacheRelease, BooleanSupplier libtorchCudaLoaded, Consumer<StillWaiting> waiting) {
        return new GpuContext(pid, checkpointer, driver, footprint, cacheRelease, libtorchCudaLoaded, Clock.systemUTC(),
                Watching.liveThreads(waiting));
    }

    /** The process's context if anything has made one: a report reads its status without creating it. */
    public static synchronized Optional<GpuContext> ifCreated() {
        return Optional.ofNullable(thisProcess);
    }

    /** Never blocks, never calls the driver: safe for reports at any time. */
    public ContextStatus status() {
        return status;
    }

    /**
     * Runs {@code read}, a look at the device (NVML, libtorch's counters), only while the GPU state is on it, and keeps
     * a suspend from starting until it returns: a sampler on another thread then never asks a parked device.
     *
     * @return what it read; empty, without running it, while the state is parked or on its way
     */
    public synchronized <T> Optional<T> whileOnDevice(Supplier<T> read) {
        return status instanceof Running ? Optional.of(read.get()) : Optional.empty();
    }

    /** Releases caches, then parks the GPU state in host memory from a helper process. */
    public synchronized ContextOutcome suspend() {
        if (status instanceof Suspended suspended) {
            return new Refused(new Refusal.AlreadySuspended(suspended.since()));
        }
        long start = System.nanoTime();
        boolean released = releaseCaches();
        status = new ContextStatus.Changing("suspend", clock.instant());
        ControllerReply reply = ask(() -> checkpointer.suspend(pid));
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        if (reply instanceof ControllerReply.Done done && done.state() == CheckpointState.CHECKPOINTED) {
            status = new Suspended(clock.instant(), done.deviceBytes(), Optional.empty(), done.heldPerDevice());
            autoResume.parked();
            return new ContextOutcome.Suspended(done.deviceBytes(), done.deviceBytesAfter(),
                    Duration.ofNanos(done.nanosOf("lock")), Duration.ofNanos(done.nanosOf("checkpoint")), total, released);
        }
        if (reply instanceof ControllerReply.Refused || reply instanceof ControllerReply.NoHostRoom) {
            status = new Running();
            return new Refused(new Refusal.ByController(reply));
        }
        return settle("suspend", reply, reply instanceof ControllerReply.Done done ? done.heldPerDevice() : Optional.empty());
    }

    /** Restores the GPU state and unlocks CUDA: every allocation is back at its address. */
    public synchronized ContextOutcome resume() {
        return resume(Optional.empty());
    }

    /**
     * For a kernel that prefers to resume before every cell rather than on first touch: resumes if
     * suspended; empty when there was nothing to do.
     */
    public synchronized Optional<ContextOutcome> ensureResumed() {
        return status instanceof Running ? Optional.empty() : Optional.of(resume(Optional.of("a cell was run")));
    }

    /**
     * What happened by itself since the last call (an automatic resume), to show after a cell; then cleared.
     * Synchronized so that an automatic resume in flight is waited for and shown, not missed.
     */
    public synchronized Optional<ContextOutcome> takeNotice() {
        return autoResume.takeNotice();
    }

    /** Destroys the primary context on every device that has one; the next CUDA call creates a new one. */
    public synchronized ContextOutcome reset() {
        if (!(status instanceof Running)) {
            return new Refused(new Refusal.ResetWhileSuspended());
        }
        return reset.reset();
    }

    private ContextOutcome resume(Optional<String> trigger) {
        if (!(status instanceof Suspended suspended)) {
            return new Refused(new Refusal.NotSuspended());
        }
        autoResume.stop();
        long start = System.nanoTime();
        status = new ContextStatus.Changing("resume", clock.instant());
        ControllerReply reply = ask(() -> checkpointer.resume(pid, suspended.parkedPerDevice()));
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        if (reply instanceof ControllerReply.NoRoom) {
            // nothing was tried: still parked, as it was; a waiting GPU call is tried again later
            status = suspended;
            autoResume.tryAgainLater();
            return new Refused(new Refusal.ByController(reply));
        }
        if (reply instanceof ControllerReply.Done done && done.state() == CheckpointState.RUNNING) {
            status = new Running();
            return new ContextOutcome.Resumed(suspended.parkedBytes(), done.deviceBytesAfter(),
                    Duration.ofNanos(done.nanosOf("restore")), Duration.ofNanos(done.nanosOf("unlock")), total, trigger);
        }
        return settle("resume", reply, suspended.parkedPerDevice());
    }

    /**
     * Runs on the watch's thread, so it takes the same lock as {@link #resume()}: a touch that fires while
     * {@code %gpuresume} is already restoring must neither restore a second time nor leave a false notice.
     */
    private synchronized void resumeOnTouch(String thread) {
        if (!(status instanceof Suspended)) {
            return;
        }
        ContextOutcome outcome = resume(Optional.of(thread + " called into a GPU library"));
        autoResume.afterTouch(thread, outcome, status instanceof Suspended);
    }

    /**
     * After an answer that is neither success nor a clean refusal: asks where the process really is and
     * records that, erring towards "suspended" (which resumes on touch) over "running" (which could hang).
     *
     * @param held what the process held per device, kept in a "suspended" status so that the next resume still
     *     checks for room: a failed resume usually failed before its restore (the helper could not start, or timed out)
     */
    private ContextOutcome settle(String operation, ControllerReply reply, Optional<BytesPerDevice> held) {
        Optional<CheckpointState> state = reply instanceof ControllerReply.Failed failed ? failed.state() : Optional.empty();
        if (state.isEmpty()) {
            state = ask(() -> checkpointer.state(pid)) instanceof ControllerReply.Done done ? Optional.of(done.state()) : Optional.empty();
        }
        if (state.equals(Optional.of(CheckpointState.LOCKED))
                && ask(() -> checkpointer.resume(pid, Optional.empty())) instanceof ControllerReply.Done done
                && done.state() == CheckpointState.RUNNING) {
            state = Optional.of(CheckpointState.RUNNING);
        }
        if (state.equals(Optional.of(CheckpointState.RUNNING))) {
            status = new Running();
            autoResume.stop();
            return new Failed(operation, reply, state, status);
        }
        status = new Suspended(clock.instant(), OptionalLong.empty(), Optional.of(new ContextStatus.Uncertain(operation, state)), held);
        autoResume.settledParked();
        return new Failed(operation, reply, state, status);
    }

    /**
     * A checkpointer that throws (a bug, or a plain-Java one given to {@link #of}) must not leave the status at
     * "changing", where neither resume nor reset would ever act again: it becomes a failure to settle.
     */
    private static ControllerReply ask(Supplier<ControllerReply> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return new ControllerReply.Failed("the checkpoint helper failed: " + e, Optional.empty());
        }
    }

    private boolean releaseCaches() {
        try {
            return cacheRelease.release();
        } catch (RuntimeException e) {
            return false; // the cache then travels with the checkpoint: slower, never wrong
        }
    }

    /** For tests: stops the watch, so that a model that can never resume does not keep trying. */
    void watchStop() {
        autoResume.stop();
    }

    boolean watching() {
        return autoResume.running();
    }
}
