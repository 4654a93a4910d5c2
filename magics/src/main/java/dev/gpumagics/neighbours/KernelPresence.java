package dev.gpumagics.neighbours;

import dev.gpumagics.context.ContextStatus;
import dev.gpumagics.context.checkpoint.BytesPerDevice;
import dev.gpumagics.idle.IdlePolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * This kernel's record, kept up to date for the others: a cell's start and end, a policy change and a park only set
 * fields and ask for a write; the write happens on a thread of its own, at most once a {@link #coalesce} (a Run All of
 * a hundred cells writes a few times, not two hundred), and again every {@link #refresh} (a record someone removed,
 * such as logind's RemoveIPC at logout, comes back; what the GPUs hold is read again). The record is taken back when
 * the kernel ends; a kernel killed with SIGKILL leaves it, and every reader then ignores it.
 */
public final class KernelPresence implements AutoCloseable {

    private final RecordShelf shelf;
    private final Clock clock;
    private final Supplier<List<HeldOnGpu>> held;
    private final Supplier<Optional<ContextStatus>> context;
    private final Duration coalesce;
    private final Duration refresh;
    private final ScheduledExecutorService writer;
    private final Thread withdrawAtExit;
    private KernelRecord record;
    private volatile Publication publication = new Publication.NotPublished("not written yet");
    private @Nullable ScheduledFuture<?> pending;
    private Instant lastWrite = Instant.EPOCH;
    /** What the last write read on the devices: a park names its GPUs by index only, and these give their UUIDs. */
    private List<HeldOnGpu> lastOnDevice = List.of();
    private boolean closed;

    KernelPresence(RecordShelf shelf, KernelRecord first, Clock clock, Supplier<List<HeldOnGpu>> held,
            Supplier<Optional<ContextStatus>> context, Duration coalesce, Duration refresh) {
        this.shelf = shelf;
        this.record = first;
        this.clock = clock;
        this.held = held;
        this.context = context;
        this.coalesce = coalesce;
        this.refresh = refresh;
        this.writer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gpumagics-record");
            thread.setDaemon(true);
            return thread;
        });
        this.withdrawAtExit = new Thread(() -> shelf.withdraw(first.pid()), "gpumagics-record-withdraw");
    }

    /**
     * Publishes this process's record now (on the writer's thread) and keeps it up to date.
     *
     * @param kernel which kernel this is: {@code GpuMagics}, {@code IJava}, {@code JJava}
     * @param state {@link KernelState#IDLE} in a kernel that says when cells start and end, else {@link KernelState#UNKNOWN}
     * @param context where this process's GPU state is now, read at each write without calling the driver: parked, the
     *     record says so, with what it parked on each GPU
     * @return empty, publishing nothing, where this process's start cannot be read (no /proc)
     */
    public static Optional<KernelPresence> start(RecordShelf shelf, String kernel, Optional<String> kernelId, Optional<String> notebook,
            KernelState state, Optional<IdlePolicy> policy, Supplier<List<HeldOnGpu>> held, Supplier<Optional<ContextStatus>> context) {
        long pid = ProcessHandle.current().pid();
        Optional<String> identity = shelf.startIdentity(pid);
        if (identity.isEmpty()) {
            return Optional.empty();
        }
        Clock clock = Clock.systemUTC();
        Instant started = ProcessHandle.current().info().startInstant().orElse(clock.instant());
        KernelRecord.Builder first = KernelRecord.builder(pid, identity.get(), kernel).notebook(notebook).startedAt(started)
                .lastActivity(clock.instant()).state(state);
        kernelId.ifPresent(first::kernelId);
        policy.ifPresent(first::idlePolicy);
        KernelPresence presence = new KernelPresence(shelf, first.build(), clock, held, context, Duration.ofSeconds(1), Duration.ofSeconds(30));
        presence.begin();
        return Optional.of(presence);
    }

    void begin() {
        Runtime.getRuntime().addShutdownHook(withdrawAtExit);
        writer.execute(() -> shelf.sweep(clock.instant()));
        writer.scheduleWithFixedDelay(this::write, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A cell began. */
    public void cellStarted() {
        change(record.toBuilder().state(KernelState.BUSY).lastActivity(clock.instant()));
    }

    /** A cell ended: idle from now. */
    public void cellEnded() {
        change(record.toBuilder().state(KernelState.IDLE).lastActivity(clock.instant()));
    }

    /** Code or a magic ran, in a kernel that does not say when cells start and end. */
    public void activity() {
        change(record.toBuilder().lastActivity(clock.instant()));
    }

    public void policy(IdlePolicy policy) {
        change(record.toBuilder().idlePolicy(policy));
    }

    /** Something read at write time changed (the GPU state was parked or came back). */
    public void touched() {
        change(record.toBuilder());
    }

    /** Whether the record is out there now, or why not. */
    public Publication publication() {
        return publication;
    }

    private synchronized void change(KernelRecord.Builder changed) {
        record = changed.build();
        if (closed || (pending != null && !pending.isDone())) {
            return; // the write already asked for takes this change too
        }
        long wait = Math.max(0, Duration.between(clock.instant(), lastWrite.plus(coalesce)).toMillis());
        pending = writer.schedule(this::write, wait, TimeUnit.MILLISECONDS);
    }

    private void write() {
        KernelRecord now;
        synchronized (this) {
            if (closed) {
                return;
            }
            lastWrite = clock.instant();
            now = record;
        }
        try {
            Optional<ContextStatus> status = context.get();
            KernelRecord.Builder written = now.toBuilder().updatedAt(clock.instant());
            if (status.isPresent() && status.get() instanceof ContextStatus.Suspended suspended) {
                written.state(KernelState.PARKED).devices(parkedOn(lastOnDevice, suspended.parkedPerDevice()));
            } else {
                lastOnDevice = held.get();
                written.devices(lastOnDevice);
            }
            publication = shelf.publish(written.build());
        } catch (RuntimeException | LinkageError e) {
            publication = new Publication.NotPublished("the record could not be written: " + e);
        }
    }

    /**
     * What was parked on each GPU, named as the last look on the device named it (a MIG instance's share is its GPU's:
     * a checkpoint parks per GPU). A GPU that look did not see, or a park whose figures are unknown, is left out.
     */
    static List<HeldOnGpu> parkedOn(List<HeldOnGpu> lastOnDevice, Optional<BytesPerDevice> parked) {
        if (parked.isEmpty()) {
            return List.of();
        }
        List<HeldOnGpu> held = new ArrayList<>();
        parked.get().bytes().forEach((gpu, bytes) -> lastOnDevice.stream()
                .filter(device -> device.device().equals(Integer.toString(gpu)) || device.device().startsWith(gpu + ":"))
                .findFirst().ifPresent(device -> held.add(HeldOnGpu.parked(device.device(), device.uuid(), bytes))));
        return held;
    }

    /** Takes the record back and stops writing. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        writer.shutdownNow();
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shelf.withdraw(record.pid());
        try {
            Runtime.getRuntime().removeShutdownHook(withdrawAtExit);
        } catch (IllegalStateException e) {
            // already shutting down: the hook withdraws it as well
        }
    }
}
