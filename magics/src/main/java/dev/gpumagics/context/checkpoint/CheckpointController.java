package dev.gpumagics.context.checkpoint;

import dev.gpumagics.context.checkpoint.ControllerReply.Done;
import dev.gpumagics.context.checkpoint.ControllerReply.Failed;
import dev.gpumagics.context.checkpoint.ControllerReply.NoRoom;
import dev.gpumagics.context.checkpoint.ControllerReply.Refused;
import dev.gpumagics.context.checkpoint.ControllerReply.Step;
import dev.gpumagics.context.driver.CheckpointDriver;
import dev.gpumagics.context.driver.CheckpointState;
import dev.gpumagics.context.driver.DriverCall;
import dev.gpumagics.probe.value.Probed;
import dev.gpumagics.units.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parks and restores another process's GPU state with the driver's checkpoint API. It runs in a
 * second process (the kernel's helper, or {@code gpumagics.jar suspend --pid N}) because a locked
 * process blocks on every CUDA call, its own checkpoint calls included.
 */
public final class CheckpointController {

    /** Room left on the host beyond the parked bytes, so the checkpoint never pushes the host into the OOM killer. */
    static final long MIN_HOST_HEADROOM = 512L << 20;

    /** Device memory asked for beyond what the process held when parked, for the driver's own use while restoring. */
    public static final long RESTORE_HEADROOM = 256L << 20;

    private final CheckpointDriver driver;
    private final DeviceFootprint footprint;
    private final FreeHostMemory host;
    private final ProcessOwners owners;
    private final ParkedRecords parked;

    public CheckpointController(CheckpointDriver driver, DeviceFootprint footprint, FreeHostMemory host, ProcessOwners owners) {
        this(driver, footprint, host, owners, ParkedRecords.none());
    }

    public CheckpointController(CheckpointDriver driver, DeviceFootprint footprint, FreeHostMemory host, ProcessOwners owners,
                                ParkedRecords parked) {
        this.driver = driver;
        this.footprint = footprint;
        this.host = host;
        this.owners = owners;
        this.parked = parked;
    }

    /** The real driver, NVML, /proc/meminfo and /proc owners: for the helper and the CLI. */
    public static CheckpointController forThisMachine() {
        return new CheckpointController(new dev.gpumagics.internal.cuda.CudaDriverApi(), SnapshotFootprint.system(),
                FreeHostMemory.system(), ProcessOwners.proc(), ParkedRecords.forThisUser());
    }

    /** Lock, then checkpoint: afterwards the process holds no device memory and its CUDA calls wait. */
    public ControllerReply suspend(long pid, int lockTimeoutMillis) {
        Optional<Refused> refusal = ownProcess(pid).or(this::checkpointDriver);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        Probed<CheckpointState> state = driver.state(pid);
        if (!(state instanceof Probed.Present<CheckpointState> present)) {
            return new Refused("process " + pid + " has no CUDA state to park: " + reason(state), "");
        }
        switch (present.value()) {
            case RUNNING -> { }
            case CHECKPOINTED -> { return new Refused("process " + pid + " is already suspended", "resume it first"); }
            case LOCKED -> { return new Refused("process " + pid + " is locked by a checkpoint in progress", "wait, or resume it"); }
            case FAILED -> { return new Refused("the driver reports process " + pid + " as FAILED by an earlier checkpoint", ""); }
        }
        OptionalLong held = optional(footprint.bytesHeldBy(pid));
        BytesPerDevice heldPerDevice = footprint.bytesHeldPerDevice(pid).asOptional().orElse(BytesPerDevice.NONE);
        // where NVML does not list the pid (another PID namespace), what the checkpoint takes off each device tells it
        Optional<BytesPerDevice> usedBefore = heldPerDevice.isEmpty() ? footprint.usedBytesPerDevice().asOptional() : Optional.empty();
        Optional<Refused> noRoom = hostRoomFor(pid, held);
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
                heldPerDevice = usedBefore.get().droppedTo(usedAfter.get());
            }
        }
        if (after == CheckpointState.CHECKPOINTED) {
            parked.remember(pid, heldPerDevice);
        }
        return new Done(after, steps, listed(held), optional(footprint.bytesHeldBy(pid)), heldPerDevice);
    }

    /** {@link #resume(long, BytesPerDevice)} with what the suspend recorded, wherever it ran; no room check without a record. */
    public ControllerReply resume(long pid) {
        return resume(pid, BytesPerDevice.NONE);
    }

    /**
     * Restore, then unlock: every allocation is back at its old address and CUDA calls run again.
     * A restore is refused while a device lacks room for what the process held there: the driver does not
     * roll back a restore that ran out of device memory, and the process cannot be restored again after it.
     *
     * @param need what the process held on each device when it was parked; empty when not known
     */
    public ControllerReply resume(long pid, BytesPerDevice need) {
        Optional<Refused> refusal = ownProcess(pid).or(this::checkpointDriver);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        Probed<CheckpointState> state = driver.state(pid);
        if (!(state instanceof Probed.Present<CheckpointState> present)) {
            return new Refused("process " + pid + " has no CUDA state: " + reason(state), "");
        }
        List<Step> steps = new ArrayList<>();
        switch (present.value()) {
            case RUNNING -> { return new Refused("process " + pid + " is not suspended", ""); }
            case FAILED -> { return new Failed("the driver reports process " + pid + " as FAILED; it cannot be restored", Optional.of(CheckpointState.FAILED)); }
            case CHECKPOINTED -> {
                Optional<NoRoom> noRoom = deviceRoomFor(pid, need.isEmpty() ? parked.recall(pid) : need);
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
        Optional<Refused> refusal = ownProcess(pid).or(this::checkpointDriver);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        Probed<CheckpointState> state = driver.state(pid);
        if (state instanceof Probed.Present<CheckpointState> present) {
            return new Done(present.value(), List.of(), optional(footprint.bytesHeldBy(pid)), OptionalLong.empty());
        }
        return new Refused("process " + pid + " has no CUDA state: " + reason(state), "");
    }

    private Optional<Refused> ownProcess(long pid) {
        if (pid <= 0) {
            return Optional.of(new Refused("not a process id: " + pid, ""));
        }
        Probed<Integer> uid = owners.uidOf(pid);
        if (!(uid instanceof Probed.Present<Integer> present)) {
            return Optional.of(new Refused(reason(uid), ""));
        }
        Probed<Long> process = owners.processOf(pid);
        if (!(process instanceof Probed.Present<Long> leader)) {
            return Optional.of(new Refused(reason(process), ""));
        }
        if (leader.value() != pid) {
            return Optional.of(new Refused(pid + " is a thread of process " + leader.value() + ", not a process",
                    "give the process's id: --pid " + leader.value()));
        }
        int ours = owners.ownUid();
        if (present.value() != ours) {
            return Optional.of(new Refused("process " + pid + " belongs to uid " + present.value() + ", not to you (uid " + ours
                    + "): GpuMagics suspends and resumes only your own processes", ""));
        }
        return Optional.empty();
    }

    private Optional<Refused> checkpointDriver() {
        Probed<Integer> version = driver.driverVersion();
        if (version instanceof Probed.Unavailable<Integer> missing) {
            String hint = missing.hint().equals(dev.gpumagics.internal.cuda.CudaLoad.INSTALL_DRIVER)
                    ? missing.hint() + ", 570 or later to suspend" : missing.hint();
            return Optional.of(new Refused("no usable NVIDIA driver: " + missing.reason(), hint));
        }
        int cuda = version.asOptional().orElseThrow();
        if (cuda < CheckpointDriver.FIRST_CHECKPOINT_DRIVER) {
            return Optional.of(new Refused("the NVIDIA driver supports CUDA " + cudaVersion(cuda)
                    + " and has no checkpoint API, which came with driver 570 (CUDA 12.8)",
                    "a driver of 570 or later is needed to suspend; your GPU state was not touched"));
        }
        return Optional.empty();
    }

    private Optional<NoRoom> deviceRoomFor(long pid, BytesPerDevice need) {
        if (need.isEmpty()) {
            return Optional.empty();
        }
        // not knowing what is free is no reason to keep the process parked for ever: the restore is tried
        Optional<BytesPerDevice> free = footprint.freeBytesPerDevice().asOptional();
        if (free.isEmpty()) {
            return Optional.empty();
        }
        Optional<Integer> lacking = need.shortOn(free.get(), RESTORE_HEADROOM);
        if (lacking.isEmpty()) {
            return Optional.empty();
        }
        int device = lacking.get();
        return Optional.of(new NoRoom("GPU " + device + " has " + Bytes.human(free.get().bytes().get(device)) + " free and process " + pid
                + " needs " + Bytes.human(need.bytes().get(device)) + " back there (and " + Bytes.human(RESTORE_HEADROOM)
                + " to spare); a restore that runs out of device memory cannot be retried, so none was tried",
                "its GPU state stays safe in host memory: resume when other processes have given that much back"));
    }

    private Optional<Refused> hostRoomFor(long pid, OptionalLong held) {
        Probed<Long> available = host.availableBytes();
        if (!(available instanceof Probed.Present<Long> free)) {
            return Optional.of(new Refused("cannot tell how much host memory is free: " + reason(available),
                    "suspending without knowing could run the host out of memory"));
        }
        long need;
        String what;
        if (held.isPresent() && held.getAsLong() > 0) {
            need = held.getAsLong();
            what = "process " + pid + "'s " + Bytes.human(need) + " of device memory";
        } else {
            // NVML does not show the pid (PID namespaces do that): all device memory in use bounds it from above
            Probed<Long> bound = footprint.bytesUsedOnAllDevices();
            if (!(bound instanceof Probed.Present<Long> upper)) {
                return Optional.of(new Refused("cannot tell how much device memory process " + pid + " holds: "
                        + reason(footprint.bytesHeldBy(pid)), "NVML (libnvidia-ml.so.1) must be readable to check host room"));
            }
            need = upper.value();
            what = "up to " + Bytes.human(need) + " (all memory in use on the devices, since NVML does not list process " + pid + ")";
        }
        long headroom = Math.max(MIN_HOST_HEADROOM, need / 10);
        if (free.value() < need + headroom) {
            return Optional.of(new Refused("not enough free host memory to park " + what + ": "
                    + Bytes.human(free.value()) + " available (MemAvailable), " + Bytes.human(need + headroom) + " needed with headroom",
                    "free host memory, or give back GPU memory with %gpufree first"));
        }
        return Optional.empty();
    }

    private static DriverCall timed(String name, List<Step> steps, java.util.function.Supplier<DriverCall> call) {
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

    private static String reason(Probed<?> probed) {
        return probed instanceof Probed.Unavailable<?> missing ? missing.reason() : "";
    }

    static String cudaVersion(int driverVersion) {
        return driverVersion / 1000 + "." + driverVersion % 1000 / 10;
    }
}
