package dev.gpumagics.context.checkpoint;

import dev.gpumagics.context.checkpoint.ControllerReply.NoHostRoom;
import dev.gpumagics.context.checkpoint.ControllerReply.NoRoom;
import dev.gpumagics.context.checkpoint.ControllerReply.Refused;
import dev.gpumagics.context.driver.CheckpointDriver;
import dev.gpumagics.context.driver.CheckpointState;
import dev.gpumagics.internal.cuda.CudaLoad;
import dev.gpumagics.probe.value.Probed;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether the controller may act at all, and with what: the process is one of yours and not a thread, the
 * driver has the checkpoint API, the host has room for what a suspend copies there, each device has room for
 * what a resume brings back. Each check answers a refusal, or nothing.
 */
record Admission(CheckpointDriver driver, DeviceFootprint footprint, FreeHostMemory host, ProcessOwners owners) {

    /** Room left on the host beyond the parked bytes, so the checkpoint never pushes the host into the OOM killer. */
    static final long MIN_HOST_HEADROOM = 512L << 20;

    /** What every operation starts from: the process's state, or why nothing may be done. */
    sealed interface Start {
        record Refuse(Refused refused) implements Start {}

        record At(CheckpointState state) implements Start {}
    }

    /**
     * It is your own process, the driver can checkpoint, and the driver says where the process is.
     *
     * @param noState how a process without CUDA state is refused: "has no CUDA state to park", say
     */
    Start start(long pid, String noState) {
        Optional<Refused> refusal = ownProcess(pid).or(this::checkpointDriver);
        if (refusal.isPresent()) {
            return new Start.Refuse(refusal.get());
        }
        Probed<CheckpointState> state = driver.state(pid);
        return state instanceof Probed.Present<CheckpointState> present ? new Start.At(present.value())
                : new Start.Refuse(new Refused("process " + pid + " " + noState + ": " + reason(state), ""));
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
            String hint = missing.hint().equals(CudaLoad.INSTALL_DRIVER) ? missing.hint() + ", 570 or later to suspend" : missing.hint();
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

    /** A suspend copies the process's device memory to the host: refused unless it fits there with headroom. */
    Optional<ControllerReply> hostRoomFor(long pid, OptionalLong held) {
        Probed<Long> available = host.availableBytes();
        if (!(available instanceof Probed.Present<Long> free)) {
            return Optional.of(new Refused("cannot tell how much host memory is free: " + reason(available),
                    "suspending without knowing could run the host out of memory"));
        }
        long need;
        boolean upperBound = false;
        if (held.isPresent() && held.getAsLong() > 0) {
            need = held.getAsLong();
        } else {
            // NVML does not show the pid (PID namespaces do that): all device memory in use bounds it from above
            Probed<Long> bound = footprint.bytesUsedOnAllDevices();
            if (!(bound instanceof Probed.Present<Long> upper)) {
                return Optional.of(new Refused("cannot tell how much device memory process " + pid + " holds: "
                        + reason(footprint.bytesHeldBy(pid)), "NVML (libnvidia-ml.so.1) must be readable to check host room"));
            }
            need = upper.value();
            upperBound = true;
        }
        long headroom = Math.max(MIN_HOST_HEADROOM, need / 10);
        if (free.value() < need + headroom) {
            return Optional.of(new NoHostRoom(new HostRoom(pid, need, upperBound, free.value(), need + headroom)));
        }
        return Optional.empty();
    }

    /**
     * A restore that runs out of device memory cannot be retried: refused while a device lacks room for what the process
     * held there. Not knowing what is free is no reason to keep the process parked for ever: then the restore is tried.
     */
    Optional<NoRoom> deviceRoomFor(long pid, Optional<BytesPerDevice> need) {
        if (need.isEmpty()) {
            return Optional.empty();
        }
        Optional<BytesPerDevice> free = footprint.freeBytesPerDevice().asOptional();
        if (free.isEmpty()) {
            return Optional.empty();
        }
        return need.get().shortOn(free.get(), CheckpointController.RESTORE_HEADROOM)
                .map(device -> new NoRoom(new DeviceRoom(pid, device, free.get().on(device), need.get().on(device),
                        CheckpointController.RESTORE_HEADROOM)));
    }

    static String reason(Probed<?> probed) {
        return probed instanceof Probed.Unavailable<?> missing ? missing.reason() : "";
    }

    static String cudaVersion(int driverVersion) {
        return driverVersion / 1000 + "." + driverVersion % 1000 / 10;
    }
}
