package dev.gpumagics.report;

import dev.gpumagics.oom.Cause;
import dev.gpumagics.oom.Diagnosis;
import dev.gpumagics.oom.Missing;
import dev.gpumagics.probe.ProcessIdentity;
import dev.gpumagics.units.Bytes;

/**
 * A diagnosis as HTML for a notebook: the same sentences as the text, the holders and processes as tables, the
 * commands as code. No inline styles or SVG: the Classic Notebook strips both from an untrusted notebook.
 */
public final class DiagnosisHtml {

    private DiagnosisHtml() {}

    public static String render(Diagnosis d) {
        StringBuilder out = new StringBuilder("<div class=\"gpumagics-why\"><p><b>")
                .append(HtmlReport.escape(DiagnosisWords.headline(d))).append("</b></p>");
        DiagnosisWords.figures(d).forEach(line -> out.append("<p>").append(HtmlReport.escape(line)).append("</p>"));
        if (d.causes().isEmpty()) {
            out.append("<p>").append(code(HtmlReport.escape(DiagnosisWords.noCause(d)))).append("</p>");
        } else {
            out.append("<ol>");
            for (Cause cause : d.causes()) {
                out.append("<li><p>").append(code(HtmlReport.escape(DiagnosisWords.lead(cause, d.place())))).append("</p>");
                rows(out, cause);
                out.append("</li>");
            }
            out.append("</ol>");
        }
        DiagnosisWords.elsewhere(d).ifPresent(line -> out.append("<p>").append(code(HtmlReport.escape(line))).append("</p>"));
        for (Missing m : d.missing()) {
            out.append("<p>").append(HtmlReport.escape(DiagnosisWords.missing(m))).append("</p>");
        }
        return out.append("<p>").append(HtmlReport.escape(DiagnosisWords.timing(d))).append("</p></div>").toString();
    }

    private static void rows(StringBuilder out, Cause cause) {
        if (cause instanceof Cause.VariablesHold v) {
            out.append("<table><tr><th>variable</th><th>type</th><th>memory</th><th>gives it back</th><th></th></tr>");
            for (Cause.Holder h : v.largest()) {
                out.append("<tr><td><code>").append(HtmlReport.escape(h.name())).append("</code></td><td>")
                        .append(HtmlReport.escape(h.type())).append("</td><td>").append(Bytes.human(h.bytes()))
                        .append("</td><td><code>%gpufree ").append(HtmlReport.escape(h.name())).append("</code></td><td>")
                        .append(HtmlReport.escape(DiagnosisWords.sharedNote(h))).append("</td></tr>");
            }
            out.append("</table>");
            if (v.holderCount() > v.largest().size()) {
                out.append("<p>and ").append(v.holderCount() - v.largest().size())
                        .append(" more: <code>%gpumem --vars</code> lists them all</p>");
            }
        } else if (cause instanceof Cause.OthersHold o) {
            out.append("<table><tr><th>pid</th><th>memory</th><th>user</th><th>command</th></tr>");
            o.processes().forEach(p -> out.append("<tr><td>")
                    .append(p.identity().map(who -> Long.toString(who.pid())).orElse(DeviceWords.NOT_AVAILABLE)).append("</td><td>")
                    .append(Bytes.human(p.usedBytes())).append("</td><td>")
                    .append(HtmlReport.escape(p.identity().map(who -> who.user().orElse(who.visible() ? "?" : "(not visible from here)"))
                            .orElse("(the driver gave no pid)")))
                    .append("</td><td>").append(HtmlReport.escape(p.identity().flatMap(ProcessIdentity::command).orElse("")))
                    .append("</td></tr>"));
            out.append("</table>");
        }
    }

    /** The magics and settings a sentence names, set as code; the words of a command are apart again. */
    private static String code(String escaped) {
        return DiagnosisWords.plain(escaped).replaceAll("(%gpu[a-z]+(?: --[a-z]+| NAME)?|java -jar gpumagics\\.jar install --env [A-Za-z0-9_=:.]+[A-Za-z0-9_=:]|"
                + "PYTORCH_[A-Z_]*ALLOC_CONF=expandable_segments:True)", "<code>$1</code>");
    }
}
