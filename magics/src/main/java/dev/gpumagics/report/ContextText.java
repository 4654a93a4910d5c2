package dev.gpumagics.report;

import dev.gpumagics.context.ContextOutcome;
import dev.gpumagics.context.ContextStatus;
import dev.gpumagics.context.Refusal;
import dev.gpumagics.context.StillWaiting;
import dev.gpumagics.context.checkpoint.BytesPerDevice;
import dev.gpumagics.context.checkpoint.CheckpointController;
import dev.gpumagics.context.checkpoint.ControllerReply;
import dev.gpumagics.context.checkpoint.DeviceRoom;
import dev.gpumagics.context.checkpoint.HostRoom;
import dev.gpumagics.context.driver.CheckpointState;
import dev.gpumagics.look.Parked;
import dev.gpumagics.units.Bytes;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/** The text of {@code %gpususpend}, {@code %gpuresume}, {@code %gpureset} and the CLI's suspend and resume. */
public final class ContextText {

    /** Why {@code %gpureset} refuses with libtorch: one paragraph, as the magic shows it. */
    public static final String TORCH_RESET_REFUSAL = "%gpureset refuses: libtorch's CUDA libraries are loaded in this kernel. "
            + "Destroying the CUDA context under libtorch breaks it for good: measured on an H100, every libtorch operation "
            + "after cudaDeviceReset failed with \"illegal memory access\" or \"invalid argument\", even with its cache and "
            + "cuBLAS workspaces emptied first and from a fresh thread, because libtorch keeps handles, streams and "
            + "allocator blocks from the old context. Use %gpususpend instead: it parks the whole GPU state, context "
            + "included, in host memory and %gpuresume brings every tensor back intact. Or restart the kernel, which loses "
            + "the notebook's variables.";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private ContextText() {}

    public static String of(ContextOutcome outcome) {
        if (outcome instanceof ContextOutcome.Suspended s) {
            return "Suspended: " + amount(s.parkedBytes(), "the GPU state") + " parked in host memory in " + seconds(s.total())
                    + " (lock " + seconds(s.lock()) + ", checkpoint " + seconds(s.checkpoint()) + rate(s.parkedBytes(), s.checkpoint()) + ")"
                    + after(s.bytesAfter(), "; this kernel now holds ")
                    + (s.cacheReleased() ? ". libtorch's cache and cuBLAS workspaces were released first, so only live tensors moved" : "")
                    + ". %gpuresume brings it back; a GPU call from any cell resumes it by itself.";
        }
        if (outcome instanceof ContextOutcome.Resumed r) {
            String lead = r.trigger().map(t -> "Resumed automatically (" + t + "): ").orElse("Resumed: ");
            return lead + amount(r.restoredBytes(), "the GPU state") + " restored in " + seconds(r.total())
                    + " (restore " + seconds(r.restore()) + rate(r.restoredBytes(), r.restore()) + ", unlock " + seconds(r.unlock()) + ")"
                    + after(r.bytesAfter(), "; this kernel holds ") + ". Every allocation is back at its old address.";
        }
        if (outcome instanceof ContextOutcome.Reset r) {
            String devices = r.devices().stream().map(String::valueOf).collect(Collectors.joining(", "));
            return "Reset: destroyed this process's CUDA context on device " + devices + " in " + seconds(r.took())
                    + (r.bytesBefore().isPresent() ? "; it held " + Bytes.human(r.bytesBefore().getAsLong()) : "")
                    + after(r.bytesAfter(), " and now holds ")
                    + ". Every device pointer, stream, event, module and handle from before is invalid; the next CUDA call creates a new context.";
        }
        if (outcome instanceof ContextOutcome.Refused r) {
            return withHint(reason(r), hint(r));
        }
        return reason(outcome) + ". " + hint(outcome) + ".";
    }

    /** What a refusal or failure says went wrong, without what to do. */
    public static String reason(ContextOutcome outcome) {
        if (outcome instanceof ContextOutcome.Refused r) {
            Refusal why = r.why();
            if (why instanceof Refusal.AlreadySuspended already) {
                return "already suspended: the GPU state has been parked in host memory since " + already.since();
            }
            if (why instanceof Refusal.NotSuspended) {
                return "not suspended: the GPU state is on the device";
            }
            if (why instanceof Refusal.ResetWhileSuspended) {
                return "the GPU state is suspended: %gpureset would block on the parked context";
            }
            if (why instanceof Refusal.ResetUnderLibtorch) {
                return TORCH_RESET_REFUSAL;
            }
            if (why instanceof Refusal.NoDriver noDriver) {
                return "no usable NVIDIA driver: " + noDriver.reason();
            }
            if (why instanceof Refusal.ContextsUnknown unknown) {
                return "cannot tell which devices have a CUDA context: " + unknown.reason();
            }
            if (why instanceof Refusal.NoContext) {
                return "this process has no CUDA context: nothing to reset";
            }
            return reason(((Refusal.ByController) why).answer());
        }
        if (outcome instanceof ContextOutcome.Failed f) {
            String failed = f.operation() + " failed: " + answerReason(f.operation(), f.answer());
            return f.status() instanceof ContextStatus.Running ? failed : failed + "; " + where(f.driverState());
        }
        if (outcome instanceof ContextOutcome.ResetFailed f) {
            return "cudaDeviceReset on device " + f.device() + " failed: " + f.call().name();
        }
        return "";
    }

    /** What a refusal or failure says to do, or empty. */
    public static String hint(ContextOutcome outcome) {
        if (outcome instanceof ContextOutcome.Refused r) {
            Refusal why = r.why();
            if (why instanceof Refusal.AlreadySuspended) {
                return "%gpuresume brings it back";
            }
            if (why instanceof Refusal.ResetWhileSuspended) {
                return "%gpuresume first";
            }
            if (why instanceof Refusal.NoDriver noDriver) {
                return noDriver.hint();
            }
            if (why instanceof Refusal.ContextsUnknown unknown) {
                return unknown.hint();
            }
            if (why instanceof Refusal.ByController byController) {
                return hint(byController.answer());
            }
            return "";
        }
        if (outcome instanceof ContextOutcome.Failed f) {
            return f.status() instanceof ContextStatus.Running ? "the GPU state is on the device and CUDA runs as before"
                    : "treated as suspended: %gpuresume (or any GPU call) tries to resume; if that fails too, save your work and restart the kernel";
        }
        if (outcome instanceof ContextOutcome.ResetFailed) {
            return "CUDA in this process may be unusable: save your work and restart the kernel";
        }
        return "";
    }

    /** The line a GPU call that must wait for its resume gets, once per park. */
    public static String waiting(StillWaiting waiting) {
        boolean refused = waiting.why() instanceof ContextOutcome.Refused;
        String until = refused ? "once there is room" : "if a later try works; if none does, save what you can and restart the kernel";
        return "GpuMagics: " + waiting.thread() + " called into a GPU library and waits, since this kernel's "
                + "GPU state is parked and cannot be resumed yet: " + reason(waiting.why()) + ". It is tried again every "
                + every(waiting.retryAfter()) + " and goes on by itself " + until + ".";
    }

    /** One line for a report's parked state, read without touching the GPU. */
    public static String of(Parked parked) {
        return of(parked.status(), parked.freeNow());
    }

    /** One line for a report, read without touching the GPU. */
    public static String of(ContextStatus status) {
        return of(status, Optional.empty());
    }

    /**
     * The same, saying whether a resume would find room now, given what each device has free as seen from
     * another process.
     */
    public static String of(ContextStatus status, Optional<BytesPerDevice> free) {
        if (status instanceof ContextStatus.Suspended s) {
            String line = "suspended since " + TIME.format(s.since()) + ": " + amount(s.parkedBytes(), "the GPU state")
                    + " parked in host memory" + s.uncertain().map(u -> " (" + u.operation() + " failed; " + where(u.driverState()) + ")").orElse("");
            if (s.parkedPerDevice().isEmpty() || free.isEmpty()) {
                return line + "; %gpuresume or any GPU call brings it back";
            }
            BytesPerDevice need = s.parkedPerDevice().get();
            Optional<Integer> lacking = need.shortOn(free.get(), CheckpointController.RESTORE_HEADROOM);
            if (lacking.isEmpty()) {
                return line + "; there is room to bring it back now: %gpuresume or any GPU call does";
            }
            int device = lacking.get();
            return line + "; no room to bring it back yet: it needs " + Bytes.human(need.on(device))
                    + " (and " + Bytes.human(CheckpointController.RESTORE_HEADROOM) + " to spare) on GPU " + device + ", which has "
                    + Bytes.human(free.get().on(device)) + " free";
        }
        if (status instanceof ContextStatus.Changing c) {
            return c.operation() + " in progress since " + TIME.format(c.since());
        }
        return "on the device";
    }

    /** The CLI's line for a controller's answer about process {@code pid}. */
    public static String of(String verb, long pid, ControllerReply reply) {
        if (reply instanceof ControllerReply.Done d) {
            if (d.state() == CheckpointState.CHECKPOINTED) {
                Duration checkpoint = Duration.ofNanos(d.nanosOf("checkpoint"));
                return "suspended process " + pid + ": " + amount(d.deviceBytes(), "its GPU state") + " parked in host memory in "
                        + seconds(Duration.ofNanos(d.nanosOf("lock") + d.nanosOf("checkpoint"))) + rate(d.deviceBytes(), checkpoint)
                        + after(d.deviceBytesAfter(), "; it now holds ");
            }
            return "process " + pid + " is " + d.state().name().toLowerCase(Locale.ROOT) + " again after "
                    + seconds(Duration.ofNanos(d.nanosOf("restore") + d.nanosOf("unlock")))
                    + after(d.deviceBytesAfter(), "; it holds ");
        }
        if (reply instanceof ControllerReply.Failed f) {
            return "gpumagics " + verb + ": " + f.reason() + "; the process is "
                    + f.state().map(s -> s.name().toLowerCase(Locale.ROOT)).orElse("in a state the driver did not report");
        }
        return "gpumagics " + verb + ": " + withHint(reason(reply), hint(reply));
    }

    /** A refusal's reason, in words where it is in figures. */
    public static String reason(ControllerReply reply) {
        if (reply instanceof ControllerReply.Refused r) {
            return r.reason();
        }
        if (reply instanceof ControllerReply.NoRoom noRoom) {
            DeviceRoom room = noRoom.room();
            return "GPU " + room.device() + " has " + Bytes.human(room.freeBytes()) + " free and process " + room.pid()
                    + " needs " + Bytes.human(room.needBytes()) + " back there (and " + Bytes.human(room.headroomBytes())
                    + " to spare); a restore that runs out of device memory cannot be retried, so none was tried";
        }
        if (reply instanceof ControllerReply.NoHostRoom noHostRoom) {
            HostRoom room = noHostRoom.room();
            String what = room.upperBound()
                    ? "up to " + Bytes.human(room.parkBytes()) + " (all memory in use on the devices, since NVML does not list process "
                            + room.pid() + ")"
                    : "process " + room.pid() + "'s " + Bytes.human(room.parkBytes()) + " of device memory";
            return "not enough free host memory to park " + what + ": " + Bytes.human(room.availableBytes())
                    + " available (MemAvailable), " + Bytes.human(room.neededBytes()) + " needed with headroom";
        }
        if (reply instanceof ControllerReply.Failed f) {
            return f.reason();
        }
        return "";
    }

    /** What a refusal says to do, or empty. */
    public static String hint(ControllerReply reply) {
        if (reply instanceof ControllerReply.Refused r) {
            return r.hint();
        }
        if (reply instanceof ControllerReply.NoRoom) {
            return "its GPU state stays safe in host memory: resume when other processes have given that much back";
        }
        if (reply instanceof ControllerReply.NoHostRoom) {
            return "free host memory, or give back GPU memory with %gpufree first";
        }
        return "";
    }

    /** Why an operation's answer was no success, as a failure says it. */
    private static String answerReason(String operation, ControllerReply answer) {
        return answer instanceof ControllerReply.Done done ? operation + " ended in state " + done.state() : reason(answer);
    }

    private static String where(Optional<CheckpointState> driverState) {
        return driverState.map(s -> "the driver reports " + s).orElse("the driver's state could not be read");
    }

    private static String withHint(String reason, String hint) {
        return reason + (hint.isEmpty() ? "" : " (" + hint + ")");
    }

    private static String amount(OptionalLong bytes, String otherwise) {
        return bytes.isPresent() ? Bytes.human(bytes.getAsLong()) : otherwise;
    }

    private static String after(OptionalLong bytes, String prefix) {
        return bytes.isPresent() ? prefix + Bytes.human(bytes.getAsLong()) + " on the GPU" : "";
    }

    private static String rate(OptionalLong bytes, Duration took) {
        if (bytes.isEmpty() || took.isZero() || bytes.getAsLong() == 0) {
            return "";
        }
        return String.format(Locale.ROOT, ": %.2f GB/s", bytes.getAsLong() / (took.toNanos() / 1e9) / 1e9);
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.2f s", duration.toNanos() / 1e9);
    }

    private static String every(Duration period) {
        return period.toMillis() % 1000 == 0 ? period.toSeconds() + " s" : period.toMillis() + " ms";
    }
}
