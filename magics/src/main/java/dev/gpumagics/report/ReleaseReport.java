package dev.gpumagics.report;

import dev.gpumagics.release.FreeOutcome;
import dev.gpumagics.release.GcOutcome;
import dev.gpumagics.release.MemoryLevel;
import dev.gpumagics.release.StillHeld;
import dev.gpumagics.release.VariableOutcome;
import dev.gpumagics.units.Bytes;
import dev.gpumagics.vars.WalkStop;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What {@code %gpufree} and {@code %gpugc} did, as text and HTML: pure functions of their outcomes. */
public final class ReleaseReport {

    /** How far RSS and the reclaimed bytes may differ before the report explains why. */
    static final long RESIDENT_NOTE_BYTES = 16L << 20;

    private ReleaseReport() {}

    public static String text(FreeOutcome.Done done) {
        return String.join("\n", lines(done)) + "\n";
    }

    public static String html(FreeOutcome.Done done) {
        List<String> lines = lines(done);
        StringBuilder out = new StringBuilder("<div class=\"gpumagics-free\"><p><b>")
                .append(HtmlReport.escape(lines.get(0))).append("</b></p><pre>");
        for (String line : lines.subList(1, lines.size())) {
            out.append(HtmlReport.escape(line)).append('\n');
        }
        return out.append("</pre></div>").toString();
    }

    public static String text(GcOutcome gc) {
        return "gpugc: " + levels(gc.before(), gc.after())
                + (gc.cudaCacheReleased() ? "; CUDA cache and cuBLAS workspaces released" : "; no CUDA allocator in this process")
                + String.format(Locale.ROOT, " (%d ms)", gc.took().toMillis()) + "\n";
    }

    public static String html(GcOutcome gc) {
        return "<p class=\"gpumagics-gc\">" + HtmlReport.escape(text(gc).strip()) + "</p>";
    }

    static List<String> lines(FreeOutcome.Done done) {
        List<String> out = new ArrayList<>();
        var request = done.request();
        long ms = done.took().toMillis();
        if (request.cacheOnly()) {
            out.add("gpufree --cache: " + levels(done.before(), done.after()) + String.format(Locale.ROOT, " (%d ms)", ms));
            return out;
        }
        List<VariableOutcome> acted = done.variables().stream()
                .filter(v -> v.action() != VariableOutcome.Action.NOTHING_HELD && v.action() != VariableOutcome.Action.NOTHING_FOUND
                        && v.action() != VariableOutcome.Action.HEAP_ONLY)
                .toList();
        String verb = request.dryRun() ? (request.toCpu() ? "would move" : "would free")
                : (request.toCpu() ? "moved to host memory" : "reclaimed");
        if (done.variables().isEmpty()) {
            out.add("gpufree: no variable holds " + (request.all() ? "GPU memory" : "a tensor") + "; nothing to free");
        } else {
            out.add(String.format(Locale.ROOT, "gpufree%s: %s %s from %d variable%s (%d ms)",
                    request.dryRun() ? " --dry-run" : "", verb, Bytes.human(done.reclaimedBytes()),
                    acted.size(), acted.size() == 1 ? "" : "s", ms));
        }
        int width = done.variables().stream().mapToInt(v -> v.name().length()).max().orElse(0);
        for (VariableOutcome v : done.variables()) {
            out.add(String.format(Locale.ROOT, "  %-" + width + "s  %-14s %10s%s%s", v.name(), action(v.action()),
                    Bytes.human(v.reclaimedBytes()),
                    v.heldBytes() > 0 ? "   (" + Bytes.human(v.heldBytes()) + " still held)" : "",
                    v.reclaimedWith().isEmpty() ? "" : "   shared with " + String.join(", ", v.reclaimedWith())));
        }
        if (done.variables().stream().anyMatch(v -> !v.reclaimedWith().isEmpty())) {
            out.add("  (memory two variables share counts in both rows, and once in the total)");
        }
        for (VariableOutcome v : done.variables()) {
            stoppedEarly(v).ifPresent(note -> out.add("  " + note));
        }
        if (!done.stillHeld().isEmpty()) {
            long held = done.stillHeld().stream().mapToLong(StillHeld::bytes).sum();
            out.add("still held" + (held > 0 ? " " + Bytes.human(held) : "") + ":");
            for (StillHeld s : done.stillHeld()) {
                out.add(String.format(Locale.ROOT, "  %-" + width + "s  %10s  %s", s.variable(),
                        s.bytes() > 0 ? Bytes.human(s.bytes()) : "", s.explanation()));
            }
        }
        if (request.dryRun()) {
            out.add("nothing was changed" + (request.toCpu() ? "" : "; memory referenced from outside every variable is found only when freeing"));
        } else {
            out.add(levels(done.before(), done.after()));
            residentNote(done).ifPresent(out::add);
        }
        return out;
    }

    private static String action(VariableOutcome.Action action) {
        return switch (action) {
            case FREED -> "freed, now null";
            case MOVED_TO_CPU -> "moved to cpu";
            case WOULD_FREE -> "would be freed";
            case WOULD_MOVE -> "would be moved";
            case NOTHING_HELD -> "holds no tensor";
            case HEAP_ONLY -> "Java heap only";
            case NOTHING_FOUND -> "no tensor found";
        };
    }

    /**
     * Where the walk through a variable stopped early, says so: "holds no tensor" or the byte counts
     * would otherwise claim more than the walk saw, and memory may still be held past where it stopped.
     */
    private static Optional<String> stoppedEarly(VariableOutcome v) {
        if (v.walkStoppedEarly().isEmpty()) {
            return Optional.empty();
        }
        String why = v.walkStoppedEarly().stream().sorted().map(WalkStop::reason).collect(Collectors.joining(", and "));
        if (v.action() == VariableOutcome.Action.NOTHING_FOUND) {
            return Optional.of(v.name() + ": no tensor in the part the walk reached, but it stopped early (" + why + "); "
                    + v.name() + " may still hold tensors and their memory, and was left as it was");
        }
        return Optional.of(v.name() + ": the walk stopped early (" + why + "); the figures above cover only the part it reached");
    }

    /**
     * Where host RSS moved by clearly more or less than what was reclaimed, says why the two differ: a
     * reader would otherwise take one of them for wrong.
     */
    private static Optional<String> residentNote(FreeOutcome.Done done) {
        OptionalLong before = done.before().hostResidentBytes();
        OptionalLong after = done.after().hostResidentBytes();
        if (before.isEmpty() || after.isEmpty()) {
            return Optional.empty();
        }
        long shrank = before.getAsLong() - after.getAsLong();
        if (Math.abs(shrank - done.reclaimedBytes()) < RESIDENT_NOTE_BYTES) {
            return Optional.empty();
        }
        return Optional.of("host RSS is the whole process, not its tensors: the garbage collection and heap trim after a free"
                + " give back Java heap too, and GPU memory is not part of it");
    }

    /** Before and after: the CUDA allocator on each device where it ran, by libtorch's name for it, and host RSS. */
    static String levels(MemoryLevel before, MemoryLevel after) {
        List<String> parts = new ArrayList<>();
        SortedSet<Integer> ordinals = new TreeSet<>();
        before.devices().forEach(d -> ordinals.add(d.cudaOrdinal()));
        after.devices().forEach(d -> ordinals.add(d.cudaOrdinal()));
        for (int ordinal : ordinals) {
            Optional<MemoryLevel.DeviceLevel> then = level(before, ordinal);
            Optional<MemoryLevel.DeviceLevel> now = level(after, ordinal);
            parts.add("cuda:" + ordinal + " allocated " + change(allocated(then), allocated(now))
                    + ", reserved " + change(reserved(then), reserved(now)));
        }
        parts.add("host RSS " + change(before.hostResidentBytes(), after.hostResidentBytes()));
        return String.join("; ", parts);
    }

    private static Optional<MemoryLevel.DeviceLevel> level(MemoryLevel level, int ordinal) {
        return level.devices().stream().filter(d -> d.cudaOrdinal() == ordinal).findFirst();
    }

    private static OptionalLong allocated(Optional<MemoryLevel.DeviceLevel> level) {
        return level.isPresent() ? OptionalLong.of(level.get().allocatedBytes()) : OptionalLong.empty();
    }

    private static OptionalLong reserved(Optional<MemoryLevel.DeviceLevel> level) {
        return level.isPresent() ? OptionalLong.of(level.get().reservedBytes()) : OptionalLong.empty();
    }

    private static String change(OptionalLong before, OptionalLong after) {
        String text = Bytes.human(before) + " -> " + Bytes.human(after);
        if (before.isPresent() && after.isPresent()) {
            long delta = after.getAsLong() - before.getAsLong();
            text += " (" + (delta <= 0 ? "-" : "+") + Bytes.human(Math.abs(delta)) + ")";
        }
        return text;
    }
}
