package dev.gpumagics.report;

import dev.gpumagics.context.ContextOutcome;
import dev.gpumagics.idle.Busy;
import dev.gpumagics.idle.IdleEvent;
import dev.gpumagics.idle.IdlePolicy;
import dev.gpumagics.idle.IdleStatus;
import dev.gpumagics.idle.WhileIdle;
import dev.gpumagics.release.GcOutcome;
import dev.gpumagics.release.MemoryLevel;
import dev.gpumagics.units.Bytes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The idle courtesy in words: {@code %gpuidle}'s answers and the line a cell begins with after the kernel was idle. */
public final class IdleText {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    /** What "idle" means, as {@code %gpuidle} says it. */
    static final String DEFINITION = "idle: no cell running and, at each look, no Java thread of this kernel using more than 5% of a core,"
            + " libtorch's allocator counters unchanged and no GPU work by this process in NVML's samples";

    private IdleText() {}

    /** An idle time as it is typed: {@code 2h}, {@code 90m}, {@code 45s}. */
    public static String notation(Duration after) {
        long seconds = after.toSeconds();
        if (seconds >= 3600 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds >= 60 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds > 0 ? seconds + "s" : after.toMillis() + "ms";
    }

    /**
     * The line a cell begins with: "while idle for 3 h 12 min: released 8.00 GiB of libtorch's cache at 17:10, parked
     * 12.4 GiB at 19:00; resumed in 4.10 s".
     *
     * @param zone the kernel's time zone, for the clock times
     */
    public static String story(WhileIdle told, ZoneId zone) {
        List<String> done = new ArrayList<>();
        boolean acted = told.events().stream().anyMatch(e -> e instanceof IdleEvent.Released || e instanceof IdleEvent.Parked);
        for (IdleEvent event : told.events()) {
            String at = " at " + CLOCK.format(event.at().atZone(zone));
            if (event instanceof IdleEvent.Released released) {
                done.add("released " + released(released.outcome()) + at);
            } else if (event instanceof IdleEvent.Parked parked) {
                done.add("parked " + parked.outcome().parkedBytes().stream().mapToObj(Bytes::human).findFirst().orElse("the GPU state") + at);
            } else if (event instanceof IdleEvent.NotParked refused) {
                done.add("could not park" + at + ": " + ContextText.reason(refused.outcome()));
            } else if (event instanceof IdleEvent.BackByItself) {
                done.add("the GPU state came back by itself" + at + ", when a thread called into a GPU library");
            } else if (event instanceof IdleEvent.HeldBack held) {
                done.add((acted ? "waited" : "gave nothing back") + ", since " + busy(held.why()));
            }
        }
        StringBuilder line = new StringBuilder("while idle for ").append(CellRecordWords.duration(told.idleFor()));
        if (!done.isEmpty()) {
            line.append(": ").append(String.join(", ", done));
        }
        told.resumed().ifPresent(resumed -> line.append("; ").append(resumed(resumed)));
        return line.toString();
    }

    /** What a release gave back: libtorch's cache where its CUDA allocator ran, and the host memory that left the process. */
    static String released(GcOutcome outcome) {
        List<String> parts = new ArrayList<>();
        if (!outcome.before().devices().isEmpty()) {
            long before = outcome.before().devices().stream().mapToLong(MemoryLevel.DeviceLevel::reservedBytes).sum();
            long after = outcome.after().devices().stream().mapToLong(MemoryLevel.DeviceLevel::reservedBytes).sum();
            parts.add(Bytes.human(Math.max(0, before - after)) + " of libtorch's cache");
        }
        MemoryLevel before = outcome.before();
        drop(before.hostResidentBytes(), outcome.after().hostResidentBytes())
                .filter(bytes -> bytes > 0 || parts.isEmpty()).ifPresent(bytes -> parts.add(Bytes.human(bytes) + " of host memory"));
        return parts.isEmpty() ? "what it could (nothing measured)" : String.join(" and ", parts);
    }

    private static Optional<Long> drop(OptionalLong before, OptionalLong after) {
        return before.isPresent() && after.isPresent() ? Optional.of(Math.max(0, before.getAsLong() - after.getAsLong())) : Optional.empty();
    }

    private static String resumed(ContextOutcome outcome) {
        if (outcome instanceof ContextOutcome.Resumed resumed) {
            return "resumed in " + ContextText.seconds(resumed.total());
        }
        return "not resumed: " + ContextText.reason(outcome);
    }

    /** Why a look found the process working. */
    static String busy(Busy why) {
        if (why instanceof Busy.ThreadComputing thread) {
            return "thread \"" + thread.thread() + "\" was computing (" + ContextText.seconds(thread.cpu()) + " of CPU in "
                    + ContextText.seconds(thread.window()) + ")";
        }
        if (why instanceof Busy.AllocatorChanged allocator) {
            return "libtorch's allocator on GPU " + allocator.device() + " kept changing";
        }
        Busy.GpuComputing gpu = (Busy.GpuComputing) why;
        return "this kernel kept GPU " + gpu.device() + " busy (" + gpu.smPercent() + "% of its SMs)";
    }

    /** {@code %gpuidle} after a change: the policy now, in a line. */
    public static String set(IdlePolicy policy) {
        return "gpuidle: " + steps(policy);
    }

    private static String steps(IdlePolicy policy) {
        if (policy.off()) {
            return "off; this kernel gives nothing back by itself (%gpugc and %gpususpend still do, when asked)";
        }
        List<String> steps = new ArrayList<>();
        policy.releaseAfter().ifPresent(after -> steps.add("after " + notation(after)
                + " idle, this kernel releases libtorch's cache, cuBLAS workspaces and pending deallocations"));
        policy.suspendAfter().ifPresent(after -> steps.add("after " + notation(after)
                + " idle, it parks its whole GPU state in host memory, and the next cell resumes it"));
        return String.join("; ", steps);
    }

    /**
     * {@code %gpuidle} alone: the policy, what idle means and what is measured here, how long it has been idle, what the
     * policy did since the last cell and what it told the last cell.
     *
     * @param notes lines that belong with it: a kernelspec value that could not be read, the record for the others
     */
    public static String status(IdleStatus status, Instant now, ZoneId zone, List<String> notes) {
        List<String> lines = new ArrayList<>();
        lines.add("gpuidle: " + NeighbourWords.policy(status.policy()) + (status.policy().off() ? "" : ": " + steps(status.policy())));
        lines.add("  " + DEFINITION + "; it looks every " + CellRecordWords.duration(status.look()));
        lines.add("  measured here: Java threads' CPU time; libtorch's allocator: "
                + status.measures().allocator().map(why -> "not read (" + why + ")").orElse("read")
                + "; NVML's per-process utilization: " + status.measures().gpuWork().map(why -> "not read (" + why + ")").orElse("read"));
        if (status.policy().suspendAfter().isPresent()) {
            status.suspendUnavailable().ifPresent(why -> lines.add("  the suspend step cannot park anything: " + why));
        }
        status.quietSince().ifPresent(since -> lines.add("  idle for " + CellRecordWords.duration(Duration.between(since, now))));
        if (!status.sinceLastCell().isEmpty()) {
            lines.add("  since the last cell: " + story(new WhileIdle(Duration.ZERO, status.sinceLastCell(), Optional.empty()), zone)
                    .replaceFirst("^while idle for [^:]*: ", ""));
        }
        status.last().ifPresent(told -> lines.add("  last told: " + story(told, zone)));
        notes.forEach(note -> lines.add("  " + note));
        return String.join("\n", lines);
    }
}
