package dev.gpumagics.context.checkpoint;

import dev.gpumagics.context.checkpoint.ControllerReply.Done;
import dev.gpumagics.context.checkpoint.ControllerReply.Failed;
import dev.gpumagics.context.checkpoint.ControllerReply.NoRoom;
import dev.gpumagics.context.checkpoint.ControllerReply.Refused;
import dev.gpumagics.context.checkpoint.ControllerReply.Step;
import dev.gpumagics.context.driver.CheckpointDriver;
import dev.gpumagics.context.driver.CheckpointState;
import dev.gpumagics.context.driver.DriverCall;
import dev.gpumagics.internal.cuda.CudaDriverApi;
import dev.gpumagics.probe.value.Probed;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Parks and restores another process's GPU state with the driver's checkpoint API, in order: lock then
 * checkpoint, restore then unlock. It runs in a second process (the kernel's helper, or
 * {@code gpumagics.jar suspend --pid N}) because a locked process blocks on every CUDA call, its own checkpoint calls
 * included. What it may do at all is {@link Admission}'s to say.
 */
public final class CheckpointController {

    /** Device memory asked for beyond what the process held when parked, for the driver's own use while restoring. */
    public static final long RESTORE_HEADROOM = 256L << 20;

    private final CheckpointDriver driver;
    private final DeviceFootprint footprint;
    private final Admission admission;
    private final ParkedRecords parked;

    public CheckpointController(CheckpointDriver driver, DeviceFootprint footprint, FreeHostMemory host, ProcessOwners owners) {
        this(driver, footprint, host, owners, ParkedRecords.none());
    }

    public CheckpointController(CheckpointDriver driver, DeviceFootprint footprint, FreeHostMemory host, ProcessOwners owners,
                                ParkedRecords parked) {
        this.driver = driver;
        this.footprint = footprint;
        this.admission = new Admission(driver, footprint, host, owners);
        this.parked = parked;
    }

    /** The real driver, NVML, /proc/meminfo and /proc owners: for the helper and the CLI. */
    public static CheckpointController forThisMachine() {
        return new CheckpointController(new CudaDriverApi(), SnapshotFootprint.system(), FreeHostMemory.system(), ProcessOwners.proc(),
                ParkedRecords.forThisUser());
    }

    /** Lock, then checkpoint: afterwards the process holds no device memory and its CUDA calls wait. */
    public ControllerReply suspend(long pid, int lockTimeoutMillis) {
        Admission.Start start = admission.start(pid, "has no CUDA state to park");
        if (start instanceof Admission.Start.Refuse refuse) {
            return refuse.refused();
        }
        switch (((Admission.Start.At) start).state()) {
            case RUNNING -> { }
            case CHECKPOINTED -> { return new Refused("process " + pid + " is already suspended", "resume it first"); }
            case LOCKED -> { return new Refused("process " + pid + " is locked by a checkpoint in progress", "wait, or resume it"); }
            case FAILED -> { return new Refused("the driver reports process " + pid + " as FAILED by an earlier checkpoint", ""); }
        }
        OptionalLong held = optional(footprint.bytesHeldBy(pid));
        Optional<BytesPerDevice> heldPerDevice = footprint.bytesHeldPerDevice(pid).asOptional();
        // where NVML does not list the pid (another PID namespace), what the checkpoint takes off each device tells it
        Optional<BytesPerDevice> usedBefore = heldPerDevice.isEmpty() ? footprint.usedBytesPerDevice().asOptional() : Optional.empty();
        Optional<ControllerReply> noRoom = admission.hostRoomFor(pid, held);
        if (noRoom.isPresent()) {
            return noRoom.get();
        }
        List<Step> steps = new ArrayList<>();
        DriverCall lock = timed("lock", steps, () -> driver.lock(pid, lockTimeoutMillis));
        if (!lock.ok()) {
            // the driver leaves a process it could not lock in time RUNNING: nothing changed
            Optional<CheckpointState> after = driver.state(pid).asOptional();
            if (after.equals(Optional.of(CheckpointState.RUNNING))) {
                return new Refused("process " + pid + " could not be locked (" + lock.name() + "); it runs on as before",
                        "a long kernel or copy may be running: try again when it is idle");
            }
            return new Failed("lock failed: " + lock.name(), after);
        }
        DriverCall checkpoint = timed("checkpoint", steps, () -> driver.checkpoint(pid));
        if (!checkpoint.ok()) {
            DriverCall unlock = driver.unlock(pid);
            Optional<CheckpointState> after = driver.state(pid).asOptional();
            return new Failed("checkpoint failed: " + checkpoint.name()
                    + (unlock.ok() ? "; unlocked again, its GPU state is where it was" : "; unlock failed too: " + unlock.name()), after);
        }
        CheckpointState after = driver.state(pid).asOptional().orElse(CheckpointState.CHECKPOINTED);
        if (usedBefore.isPresent()) {
            Optional<BytesPerDevice> usedAfter = footprint.usedBytesPerDevice().asOptional();
            if (usedAfter.isPresent()) {
                heldPerDevice = Optional.of(usedBefore.get().droppedTo(usedAfter.get()));
            }
        }
        if (after == CheckpointState.CHECKPOINTED) {
            parked.remember(pid, heldPerDevice);
        }
        return new Done(after, steps, listed(held), optional(footprint.bytesHeldBy(pid)), heldPerDevice);
    }

    /**
     * Restore, then unlock: every allocation is back at its old address and CUDA calls run again.
     * A restore is refused while a device lacks room for what the process held there: the driver does not
     * roll back a restore that ran out of device memory, and the process cannot be restored again after it.
     *
     * @param need what the process held on each device when it was parked; empty to use what the suspend recorded,
     *     wherever it ran; no room check without either
     */
    public ControllerReply resume(long pid, Optional<BytesPerDevice> need) {
        Admission.Start start = admission.start(pid, "has no CUDA state");
        if (start instanceof Admission.Start.Refuse refuse) {
            return refuse.refused();
        }
        List<Step> steps = new ArrayList<>();
        switch (((Admission.Start.At) start).state()) {
            case RUNNING -> { return new Refused("process " + pid + " is not suspended", ""); }
            case FAILED -> { return new Failed("the driver reports process " + pid + " as FAILED; it cannot be restored", Optional.of(CheckpointState.FAILED)); }
            case CHECKPOINTED -> {
                Optional<NoRoom> noRoom = admission.deviceRoomFor(pid, need.or(() -> parked.recall(pid)));
                if (noRoom.isPresent()) {
                    return noRoom.get();
                }
                DriverCall restore = timed("restore", steps, () -> driver.restore(pid));
                if (!restore.ok()) {
                    return new Failed("restore failed: " + restore.name(), driver.state(pid).asOptional());
                }
            }
            case LOCKED -> { }
        }
        DriverCall unlock = timed("unlock", steps, () -> driver.unlock(pid));
        if (!unlock.ok()) {
            return new Failed("unlock failed: " + unlock.name(), driver.state(pid).asOptional());
        }
        CheckpointState after = driver.state(pid).asOptional().orElse(CheckpointState.RUNNING);
        if (after == CheckpointState.RUNNING) {
            parked.forget(pid);
        }
        return new Done(after, steps, OptionalLong.empty(), optional(footprint.bytesHeldBy(pid)));
    }

    /** Where the process stands, without changing anything. */
    public ControllerReply state(long pid) {
        Admission.Start start = admission.start(pid, "has no CUDA state");
        return start instanceof Admission.Start.At at
                ? new Done(at.state(), List.of(), optional(footprint.bytesHeldBy(pid)), OptionalLong.empty())
                : ((Admission.Start.Refuse) start).refused();
    }

    private static DriverCall timed(String name, List<Step> steps, Supplier<DriverCall> call) {
        long start = System.nanoTime();
        DriverCall result = call.get();
        steps.add(new Step(name, System.nanoTime() - start));
        return result;
    }

    /**
     * A running process with CUDA state always holds device memory (its context at least), so 0 before
     * a checkpoint means NVML does not list it (another pid namespace): the amount is unknown, not 0.
     */
    private static OptionalLong listed(OptionalLong heldBeforeCheckpoint) {
        return heldBeforeCheckpoint.isPresent() && heldBeforeCheckpoint.getAsLong() > 0 ? heldBeforeCheckpoint : OptionalLong.empty();
    }

    private static OptionalLong optional(Probed<Long> bytes) {
        return bytes.asOptional().map(OptionalLong::of).orElse(OptionalLong.empty());
    }
}
