package dev.gpumagics.report;

import dev.gpumagics.oom.Cause;
import dev.gpumagics.oom.Diagnosis;
import dev.gpumagics.oom.Missing;
import dev.gpumagics.units.Bytes;
import java.util.List;
import java.util.Locale;

/** A diagnosis as plain text: what the cell shows after its error, and what {@code %gpuwhy} prints. */
public final class DiagnosisText {

    private static final int WIDTH = 110;

    private DiagnosisText() {}

    public static String render(Diagnosis d) {
        StringBuilder out = new StringBuilder(DiagnosisWords.headline(d)).append('\n');
        DiagnosisWords.figures(d).forEach(line -> out.append(line).append('\n'));
        if (d.causes().isEmpty()) {
            wrap(out, DiagnosisWords.noCause(d), "", "");
        } else {
            out.append(d.failure().isPresent() ? "Likely causes, likeliest first:\n" : "");
            int n = 1;
            for (Cause cause : d.causes()) {
                wrap(out, DiagnosisWords.lead(cause, d.place()), String.format(Locale.ROOT, "%2d. ", n++), "    ");
                rows(out, cause);
            }
        }
        DiagnosisWords.elsewhere(d).ifPresent(line -> wrap(out, line, "", ""));
        for (Missing m : d.missing()) {
            wrap(out, DiagnosisWords.missing(m), "", "");
        }
        return out.append(DiagnosisWords.timing(d)).append('\n').toString();
    }

    private static void rows(StringBuilder out, Cause cause) {
        if (cause instanceof Cause.VariablesHold v) {
            List<Cause.Holder> largest = v.largest();
            int name = Math.max(8, largest.stream().mapToInt(h -> h.name().length()).max().orElse(0));
            int type = largest.stream().mapToInt(h -> h.type().length()).max().orElse(0);
            for (Cause.Holder h : largest) {
                String note = DiagnosisWords.sharedNote(h);
                out.append(String.format(Locale.ROOT, "      %-" + name + "s  %-" + type + "s  %10s   %%gpufree %s%s%n", h.name(), h.type(),
                        Bytes.human(h.bytes()), h.name(), note.isEmpty() ? "" : "   (" + note + ")"));
            }
            if (v.holderCount() > largest.size()) {
                out.append("      and ").append(v.holderCount() - largest.size()).append(" more: %gpumem --vars lists them all\n");
            }
        } else if (cause instanceof Cause.OthersHold o) {
            o.processes().forEach(p -> out.append("      ").append(TextReport.process(p)).append('\n'));
        }
    }

    /** Long sentences broken at spaces (never inside a command), so a terminal and a notebook's text output both read them. */
    private static void wrap(StringBuilder out, String text, String first, String indent) {
        StringBuilder line = new StringBuilder(first);
        boolean empty = true;
        for (String word : text.split(" ")) {
            if (!empty && line.length() + 1 + word.length() > WIDTH) {
                out.append(DiagnosisWords.plain(line.toString())).append('\n');
                line = new StringBuilder(indent).append(word);
            } else {
                line.append(empty ? "" : " ").append(word);
            }
            empty = false;
        }
        out.append(DiagnosisWords.plain(line.toString())).append('\n');
    }
}
