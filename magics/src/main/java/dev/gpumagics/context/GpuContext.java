package dev.gpumagics.context;

import dev.gpumagics.context.ContextOutcome.Failed;
import dev.gpumagics.context.ContextOutcome.Refused;
import dev.gpumagics.context.ContextStatus.Running;
import dev.gpumagics.context.ContextStatus.Suspended;
import dev.gpumagics.context.checkpoint.BytesPerDevice;
import dev.gpumagics.context.checkpoint.Checkpointer;
import dev.gpumagics.context.checkpoint.ControllerReply;
import dev.gpumagics.context.checkpoint.DeviceFootprint;
import dev.gpumagics.context.checkpoint.HelperProcess;
import dev.gpumagics.context.checkpoint.SnapshotFootprint;
import dev.gpumagics.context.driver.CheckpointState;
import dev.gpumagics.context.driver.ContextDriver;
import dev.gpumagics.context.driver.DriverCall;
import dev.gpumagics.internal.cuda.CudaDriverApi;
import dev.gpumagics.probe.value.Probed;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * This process's CUDA context: parking it in host memory ({@code %gpususpend}), bringing it back
 * ({@code %gpuresume}) and destroying it ({@code %gpureset}). One per process, since the driver's
 * state is per process. While suspended it never calls CUDA or NVML; a Java thread that calls into a
 * GPU library resumes it (see {@link TouchWatch}), so a cell never hangs on the parked GPU.
 */
public final class GpuContext {

    /** Why {@code %gpureset} refuses with libtorch: one paragraph, as the magic shows it. */
    public static final String TORCH_RESET_REFUSAL = "%gpureset refuses: libtorch's CUDA libraries are loaded in this kernel. "
            + "Destroying the CUDA context under libtorch breaks it for good: measured on an H100, every libtorch operation "
            + "after cudaDeviceReset failed with \"illegal memory access\" or \"invalid argument\", even with its cache and "
            + "cuBLAS workspaces emptied first and from a fresh thread, because libtorch keeps handles, streams and "
            + "allocator blocks from the old context. Use %gpususpend instead: it parks the whole GPU state, context "
            + "included, in host memory and %gpuresume brings every tensor back intact. Or restart the kernel, which loses "
            + "the notebook's variables.";

    private static @Nullable GpuContext thisProcess;

    private final long pid;
    private final Checkpointer checkpointer;
    private final ContextDriver driver;
    private final DeviceFootprint footprint;
    private final CacheRelease cacheRelease;
    private final BooleanSupplier libtorchCudaLoaded;
    private final Clock clock;
    private final Watching watching;
    private final TouchWatch watch;
    private boolean waitAnnounced;
    private final AtomicReference<Optional<ContextOutcome>> notice = new AtomicReference<>(Optional.empty());
    private volatile ContextStatus status = new Running();

    /** Releases allocator caches before a suspend, so only live data is copied. */
    public interface CacheRelease {
        /** True when a cache was released. */
        boolean release();
    }

    /**
     * How a parked process watches for GPU calls (see {@link TouchWatch}).
     *
     * @param retryAfter how long a GPU call waits before its resume is tried again, when one found too little free
     *     device memory or failed
     * @param waiting gets one line when a GPU call has to wait for device memory; the kernel's stderr lands in the
     *     running cell, which is the only place the user can see while that cell waits
     */
    record Watching(TouchWatch.Sampler threads, Duration period, int samples, Duration retryAfter, Consumer<String> waiting) {

        static Watching liveThreads() {
            return new Watching(TouchWatch.liveThreads(), Duration.ofMillis(50), 3, Duration.ofSeconds(5),
                    line -> System.err.println(line)); // read when a line comes: the kernel points it at the running cell
        }
    }

    GpuContext(long pid, Checkpointer checkpointer, ContextDriver driver, DeviceFootprint footprint,
               CacheRelease cacheRelease, BooleanSupplier libtorchCudaLoaded, Clock clock, Watching watching) {
        this.pid = pid;
        this.checkpointer = checkpointer;
        this.driver = driver;
        this.footprint = footprint;
        this.cacheRelease = cacheRelease;
        this.libtorchCudaLoaded = libtorchCudaLoaded;
        this.clock = clock;
        this.watching = watching;
        this.watch = new TouchWatch(watching.threads(), watching.period(), watching.samples(), this::resumeOnTouch);
    }

    /**
     * The process's one context. The first call wires it; later calls return the same one.
     *
     * @param notebookClasses where the notebook's torch classes live, for releasing libtorch's cache
     */
    public static synchronized GpuContext ofThisProcess(Supplier<ClassLoader> notebookClasses) {
        if (thisProcess == null) {
            thisProcess = new GpuContext(ProcessHandle.current().pid(), HelperProcess.forThisJvm(), new CudaDriverApi(),
                    SnapshotFootprint.system(), TorchCache.release(notebookClasses), TorchCache::libtorchCudaLoaded,
                    Clock.systemUTC(), Watching.liveThreads());
        }
        return thisProcess;
    }

    /**
     * A context with its collaborators given: the plain Java API for a process that wires its own
     * (tests, or an application that is not a kernel). Prefer {@link #ofThisProcess} in a kernel.
     */
    public static GpuContext of(long pid, Checkpointer checkpointer, ContextDriver driver, DeviceFootprint footprint,
                                CacheRelease cacheRelease, BooleanSupplier libtorchCudaLoaded) {
        return new GpuContext(pid, checkpointer, driver, footprint, cacheRelease, libtorchCudaLoaded, Clock.systemUTC(),
                Watching.liveThreads());
    }

    /** The process's context if anything has made one: a report reads its status without creating it. */
    public static synchronized Optional<GpuContext> ifCreated() {
        return Optional.ofNullable(thisProcess);
    }

    /** Never blocks, never calls the driver: safe for reports at any time. */
    public ContextStatus status() {
        return status;
    }

    /** Releases caches, then parks the GPU state in host memory from a helper process. */
    public synchronized ContextOutcome suspend() {
        if (status instanceof Suspended suspended) {
            return new Refused("already suspended: the GPU state has been parked in host memory since "
                    + suspended.since(), "%gpuresume brings it back");
        }
        long start = System.nanoTime();
        boolean released = releaseCaches();
        status = new ContextStatus.Changing("suspend", clock.instant());
        ControllerReply reply = ask(() -> checkpointer.suspend(pid));
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        if (reply instanceof ControllerReply.Done done && done.state() == CheckpointState.CHECKPOINTED) {
            waitAnnounced = false;
            parked(done.deviceBytes(), "", done.heldPerDevice(), watching.period());
            return new ContextOutcome.Suspended(done.deviceBytes(), done.deviceBytesAfter(),
                    Duration.ofNanos(done.nanosOf("lock")), Duration.ofNanos(done.nanosOf("checkpoint")), total, released);
        }
        if (reply instanceof ControllerReply.Refused refused) {
            status = new Running();
            return new Refused(refused.reason(), refused.hint());
        }
        return settle("suspend", reply, reply instanceof ControllerReply.Done done ? done.heldPerDevice() : BytesPerDevice.NONE);
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
        return notice.getAndSet(Optional.empty());
    }

    /** Destroys the primary context on every device that has one; the next CUDA call creates a new one. */
    public synchronized ContextOutcome reset() {
        if (!(status instanceof Running)) {
            return new Refused("the GPU state is suspended: %gpureset would block on the parked context", "%gpuresume first");
        }
        if (libtorchCudaLoaded.getAsBoolean()) {
            return new Refused(TORCH_RESET_REFUSAL, "");
        }
        Probed<Integer> version = driver.driverVersion();
        if (version instanceof Probed.Unavailable<Integer> missing) {
            return new Refused("no usable NVIDIA driver: " + missing.reason(), missing.hint());
        }
        Probed<List<Integer>> devices = driver.devicesWithContext();
        if (devices instanceof Probed.Unavailable<List<Integer>> missing) {
            return new Refused("cannot tell which devices have a CUDA context: " + missing.reason(), missing.hint());
        }
        List<Integer> active = devices.asOptional().orElseThrow();
        if (active.isEmpty()) {
            return new Refused("this process has no CUDA context: nothing to reset", "");
        }
        OptionalLong before = bytes(footprint.bytesHeldBy(pid));
        long start = System.nanoTime();
        for (int device : active) {
            DriverCall call = driver.resetDevice(device);
            if (!call.ok()) {
                return new Failed("cudaDeviceReset on device " + device + " failed: " + call.name(),
                        "CUDA in this process may be unusable: save your work and restart the kernel", status);
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new ContextOutcome.Reset(active, before, bytes(footprint.bytesHeldBy(pid)), took);
    }

    private ContextOutcome resume(Optional<String> trigger) {
        if (!(status instanceof Suspended suspended)) {
            return new Refused("not suspended: the GPU state is on the device", "");
        }
        watch.stop();
        long start = System.nanoTime();
        status = new ContextStatus.Changing("resume", clock.instant());
        ControllerReply reply = ask(() -> checkpointer.resume(pid, suspended.parkedPerDevice()));
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        if (reply instanceof ControllerReply.NoRoom noRoom) {
            // nothing was tried: still parked, as it was; a waiting GPU call is tried again later
            status = suspended;
            watch.start(watching.retryAfter());
            return new Refused(noRoom.reason(), noRoom.hint());
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
        notice.set(Optional.of(outcome));
        if (!(status instanceof Suspended)) {
            return;
        }
        // still parked (no room, or the resume failed): try again later, not at the watch's pace, and say so once
        watch.start(watching.retryAfter());
        if (!waitAnnounced) {
            waitAnnounced = true;
            String why = outcome instanceof Refused refused ? refused.reason()
                    : outcome instanceof Failed failed ? failed.reason() : String.valueOf(outcome);
            String until = outcome instanceof Refused ? "once there is room" : "if a later try works; if none does, save what you can and restart the kernel";
            watching.waiting().accept("GpuMagics: " + thread + " called into a GPU library and waits, since this kernel's "
                    + "GPU state is parked and cannot be resumed yet: " + why + ". It is tried again every "
                    + every(watching.retryAfter()) + " and goes on by itself " + until + ".");
        }
    }

    /**
     * After an answer that is neither success nor a clean refusal: asks where the process really is and
     * records that, erring towards "suspended" (which resumes on touch) over "running" (which could hang).
     *
     * @param held what the process held per device, kept in a "suspended" status so that the next resume still
     *     checks for room: a failed resume usually failed before its restore (the helper could not start, or timed out)
     */
    private ContextOutcome settle(String operation, ControllerReply reply, BytesPerDevice held) {
        String reason = reply instanceof ControllerReply.Failed failed ? failed.reason()
                : reply instanceof ControllerReply.Refused refused ? refused.reason()
                : reply instanceof ControllerReply.NoRoom noRoom ? noRoom.reason()
                : operation + " ended in state " + ((ControllerReply.Done) reply).state();
        Optional<CheckpointState> state = reply instanceof ControllerReply.Failed failed ? failed.state() : Optional.empty();
        if (state.isEmpty()) {
            state = ask(() -> checkpointer.state(pid)) instanceof ControllerReply.Done done ? Optional.of(done.state()) : Optional.empty();
        }
        if (state.equals(Optional.of(CheckpointState.LOCKED))
                && ask(() -> checkpointer.resume(pid)) instanceof ControllerReply.Done done && done.state() == CheckpointState.RUNNING) {
            state = Optional.of(CheckpointState.RUNNING);
        }
        if (state.equals(Optional.of(CheckpointState.RUNNING))) {
            status = new Running();
            watch.stop();
            return new Failed(operation + " failed: " + reason, "the GPU state is on the device and CUDA runs as before", status);
        }
        String where = state.map(s -> "the driver reports " + s).orElse("the driver's state could not be read");
        parked(OptionalLong.empty(), operation + " failed; " + where, held, watching.period());
        return new Failed(operation + " failed: " + reason + "; " + where,
                "treated as suspended: %gpuresume (or any GPU call) tries to resume; if that fails too, save your work and restart the kernel",
                status);
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

    private void parked(OptionalLong bytes, String note, BytesPerDevice perDevice, Duration firstLook) {
        status = new Suspended(clock.instant(), bytes, note, perDevice);
        watch.start(firstLook);
    }

    private static String every(Duration period) {
        return period.toMillis() % 1000 == 0 ? period.toSeconds() + " s" : period.toMillis() + " ms";
    }

    /** For tests: stops the watch, so that a model that can never resume does not keep trying. */
    void watchStop() {
        watch.stop();
    }

    boolean watching() {
        return watch.running();
    }

    private static OptionalLong bytes(Probed<Long> probed) {
        return probed.asOptional().map(OptionalLong::of).orElse(OptionalLong.empty());
    }
}
