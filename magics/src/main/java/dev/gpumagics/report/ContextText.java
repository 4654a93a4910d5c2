package dev.gpumagics.report;

import dev.gpumagics.context.ContextOutcome;
import dev.gpumagics.context.ContextStatus;
import dev.gpumagics.context.checkpoint.BytesPerDevice;
import dev.gpumagics.context.checkpoint.CheckpointController;
import dev.gpumagics.context.checkpoint.ControllerReply;
import dev.gpumagics.context.driver.CheckpointState;
import dev.gpumagics.look.Parked;
import dev.gpumagics.units.Bytes;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/** The text of {@code %gpususpend}, {@code %gpuresume}, {@code %gpureset} and the CLI's suspend and resume. */
public final class ContextText {

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
            return withHint(r.reason(), r.hint());
        }
        ContextOutcome.Failed f = (ContextOutcome.Failed) outcome;
        return f.reason() + ". " + f.hint() + ".";
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
                    + " parked in host memory" + (s.note().isEmpty() ? "" : " (" + s.note() + ")");
            BytesPerDevice need = s.parkedPerDevice();
            if (need.isEmpty() || free.isEmpty()) {
                return line + "; %gpuresume or any GPU call brings it back";
            }
            Optional<Integer> lacking = need.shortOn(free.get(), CheckpointController.RESTORE_HEADROOM);
            if (lacking.isEmpty()) {
                return line + "; there is room to bring it back now: %gpuresume or any GPU call does";
            }
            int device = lacking.get();
            return line + "; no room to bring it back yet: it needs " + Bytes.human(need.bytes().get(device))
                    + " (and " + Bytes.human(CheckpointController.RESTORE_HEADROOM) + " to spare) on GPU " + device + ", which has "
                    + Bytes.human(free.get().bytes().get(device)) + " free";
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
            Duration restore = Duration.ofNanos(d.nanosOf("restore"));
            return "process " + pid + " is " + d.state().name().toLowerCase(java.util.Locale.ROOT) + " again after "
                    + seconds(Duration.ofNanos(d.nanosOf("restore") + d.nanosOf("unlock")))
                    + after(d.deviceBytesAfter(), "; it holds ");
        }
        if (reply instanceof ControllerReply.Refused r) {
            return "gpumagics " + verb + ": " + withHint(r.reason(), r.hint());
        }
        if (reply instanceof ControllerReply.NoRoom r) {
            return "gpumagics " + verb + ": " + withHint(r.reason(), r.hint());
        }
        ControllerReply.Failed f = (ControllerReply.Failed) reply;
        return "gpumagics " + verb + ": " + f.reason() + "; the process is "
                + f.state().map(s -> s.name().toLowerCase(java.util.Locale.ROOT)).orElse("in a state the driver did not report");
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
        return String.format(java.util.Locale.ROOT, ": %.2f GB/s", bytes.getAsLong() / (took.toNanos() / 1e9) / 1e9);
    }

    static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.2f s", duration.toNanos() / 1e9);
    }
}
