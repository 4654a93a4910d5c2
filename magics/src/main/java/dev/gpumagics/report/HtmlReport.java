package dev.gpumagics.report;

import dev.gpumagics.look.DeviceReport;
import dev.gpumagics.look.Hint;
import dev.gpumagics.look.KernelUsage;
import dev.gpumagics.look.MemoryReport;
import dev.gpumagics.look.OtherProcess;
import dev.gpumagics.probe.HostMemory;
import dev.gpumagics.probe.ProcessIdentity;
import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.units.Bytes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The report as HTML for a notebook: per device a heading, the stacked bar (a picture, see
 * {@link MemoryBar}), a legend that is also the breakdown (colour, what, memory, share of the GPU), a
 * table of the other processes, and the hints. Built from markup that reads the same in a trusted
 * notebook, an untrusted one and an HTML export (see {@link Html}).
 */
public final class HtmlReport {

    private static final String INDENT = "&nbsp;&nbsp;&nbsp;&nbsp;";

    private HtmlReport() {}

    public static String render(MemoryReport report) {
        StringBuilder out = new StringBuilder("<div class=\"gpumagics-report\">");
        out.append("<p><b>GPU memory</b> at ").append(escape(TextReport.TIME.format(report.takenAt())))
                .append(", pid ").append(report.pid());
        if (report.gpuSource().isPresent()) {
            out.append(" (").append(escape(report.gpuSource().get()));
            report.driverVersion().ifPresent(v -> out.append(", driver ").append(escape(v)));
            out.append(')');
        }
        out.append("</p>");
        report.parked().ifPresent(parked -> out.append("<p>this kernel's GPU state: ").append(escape(ContextText.of(parked))).append("</p>"));
        report.gpuUnavailable().ifPresent(line -> out.append("<p>").append(escape(line)).append("</p>"));
        for (DeviceReport device : report.devices()) {
            device(out, device, report);
        }
        return out.append(host(report.host())).append("</div>").toString();
    }

    private static void device(StringBuilder out, DeviceReport report, MemoryReport whole) {
        DeviceMemory device = report.device();
        out.append("<h4>GPU ").append(device.index()).append(": ").append(escape(device.name())).append("</h4>");
        out.append("<p>used ").append(Html.figure(Bytes.human(device.usedBytes()))).append(" of ")
                .append(Html.figure(Bytes.human(device.totalBytes())))
                .append(" (").append(escape(Html.percent(device.usedBytes(), device.totalBytes()))).append("), free ")
                .append(Html.figure(Bytes.human(device.freeBytes())));
        device.utilizationPercent().ifPresent(u -> out.append(", utilization ").append(u).append('%'));
        out.append("</p>");
        out.append(bar(report, mapName(whole, device))).append(legend(report, whole));
        if (whole.processesShown() && !report.others().isEmpty()) {
            out.append(processes(report, whole.takenAt()));
        }
        for (Hint hint : report.hints()) {
            out.append("<p>hint: ").append(escape(Hints.text(hint))).append("</p>");
        }
    }

    /** The bar as an image, with its pieces named in the image's text and, one by one, in an image map's tooltips. */
    static String bar(DeviceReport report, String mapName) {
        List<MemoryBar.Placed> placed = MemoryBar.layout(MemoryBar.segments(report));
        long total = report.device().totalBytes();
        StringBuilder alt = new StringBuilder("GPU ").append(report.device().index()).append(" memory:");
        StringBuilder areas = new StringBuilder("<map name=\"").append(mapName).append("\">");
        String separator = " ";
        for (MemoryBar.Placed p : placed) {
            BarPiece piece = p.segment().piece();
            String bytes = Bytes.human(p.segment().bytes());
            alt.append(separator).append(piece.label()).append(' ').append(bytes);
            separator = ", ";
            areas.append("<area shape=\"rect\" coords=\"").append(p.x()).append(",0,").append(p.x() + p.width()).append(',')
                    .append(MemoryBar.HEIGHT).append("\" alt=\"").append(escape(piece.label())).append("\" title=\"")
                    .append(escape(piece.label())).append(": ").append(bytes).append(" (")
                    .append(escape(Html.percent(p.segment().bytes(), total))).append(" of the GPU)\">");
        }
        return new StringBuilder("<img class=\"gpumagics-bar\" src=\"").append(MemoryBar.pngUri(placed))
                .append("\" width=\"").append(MemoryBar.WIDTH).append("\" height=\"").append(MemoryBar.HEIGHT)
                .append("\" alt=\"").append(escape(alt.toString())).append("\" usemap=\"#").append(mapName).append("\">")
                .append(areas).append("</map>").toString();
    }

    /** One row per piece of the bar, in its order, with the piece's colour where the bar shows it. */
    static String legend(DeviceReport report, MemoryReport whole) {
        long total = report.device().totalBytes();
        KernelUsage kernel = report.kernel();
        StringBuilder out = new StringBuilder("<table class=\"gpumagics-legend\"><thead><tr><th></th>")
                .append(Html.textHeader("what")).append(Html.figureHeader("memory")).append(Html.figureHeader("of GPU"))
                .append("</tr></thead><tbody>");
        List<MemoryBar.Segment> segments = MemoryBar.segments(report);
        if (kernel.processBytes().isEmpty()) {
            boolean context = kernel.contextActive().orElse(false);
            out.append(row(Optional.empty(), escape(context ? "this kernel (holds a context, no row in the driver's list)"
                    : "this kernel (no CUDA context here)"), context ? "n/a" : "0 B", ""));
        } else if (segments.get(0).piece() == BarPiece.KERNEL) {
            out.append(row(segments.get(0), escape("this kernel"), total));
            if (whole.allocatorNote().isPresent()) {
                out.append("<tr><td></td><td colspan=\"3\"><div align=\"left\">").append(INDENT).append("no tensor/cache split: ")
                        .append(escape(whole.allocatorNote().get())).append("</div></td></tr>");
            }
        } else {
            long own = kernel.processBytes().getAsLong();
            out.append(row(Optional.empty(), escape("this kernel"), Bytes.human(own), Html.percent(own, total)));
            String peak = Bytes.human(kernel.allocator().orElseThrow().allocated().aggregate().peakBytes());
            for (MemoryBar.Segment piece : segments.subList(0, 3)) {
                String label = piece.piece() == BarPiece.TENSORS ? "tensors (allocated; peak ".concat(peak).concat(")") : piece.piece().row();
                out.append(row(piece, INDENT.concat(escape(label)), total));
            }
        }
        MemoryBar.Segment others = piece(segments, BarPiece.OTHERS);
        if (report.othersCount() == 0) {
            out.append(row(Optional.empty(), escape("other processes"), "none", ""));
        } else {
            String listed = whole.processesShown() ? "" : ", not listed: --no-procs";
            out.append(row(others, new StringBuilder("other processes (").append(report.othersCount()).append(escape(listed)).append(')')
                    .toString(), total));
        }
        MemoryBar.Segment rest = piece(segments, BarPiece.OTHER_USED);
        if (rest.bytes() > 0) {
            out.append(row(rest, escape(rest.piece().row()), total));
        }
        out.append(row(piece(segments, BarPiece.FREE), escape("free"), total));
        return out.append("</tbody></table>").toString();
    }

    /** The other processes, one column per fact: pid, user, GPU memory, share of the GPU, command. */
    static String processes(DeviceReport report, Instant takenAt) {
        long total = report.device().totalBytes();
        StringBuilder out = new StringBuilder("<table class=\"gpumagics-processes\"><thead><tr>")
                .append(Html.figureHeader("pid")).append(Html.textHeader("user")).append(Html.figureHeader("GPU memory"))
                .append(Html.figureHeader("of GPU")).append(Html.textHeader("command")).append("</tr></thead><tbody>");
        for (OtherProcess other : report.others()) {
            ProcessIdentity who = other.identity();
            out.append("<tr>").append(Html.figureCell(Long.toString(who.pid())))
                    .append(Html.textCell(escape(who.user().orElse(who.visible() ? "?" : ""))))
                    .append(Html.figureCell(Bytes.human(other.usedBytes())))
                    .append(Html.figureCell(other.usedBytes().isPresent() ? Html.percent(other.usedBytes().getAsLong(), total) : ""))
                    .append(Html.textCell((who.visible()
                            ? "<code>".concat(escape(who.command().orElse(""))).concat("</code>")
                            : escape("(not visible from here: another container or pid namespace)"))
                            + other.kernel().map(kernel -> "<br>" + escape(NeighbourWords.line(kernel, takenAt, report.device().uuid()))).orElse("")))
                    .append("</tr>");
        }
        return out.append("</tbody></table>").toString();
    }

    private static MemoryBar.Segment piece(List<MemoryBar.Segment> segments, BarPiece piece) {
        for (MemoryBar.Segment segment : segments) {
            if (segment.piece() == piece) {
                return segment;
            }
        }
        throw new IllegalArgumentException("no " + piece + " in " + segments);
    }

    private static String row(MemoryBar.Segment segment, String labelHtml, long total) {
        Optional<BarPiece> swatch = segment.bytes() > 0 ? Optional.of(segment.piece()) : Optional.empty();
        return row(swatch, labelHtml, Bytes.human(segment.bytes()), Html.percent(segment.bytes(), total));
    }

    private static String row(Optional<BarPiece> swatch, String labelHtml, String value, String percent) {
        StringBuilder row = new StringBuilder("<tr><td>");
        if (swatch.isPresent()) {
            row.append("<img class=\"gpumagics-swatch\" src=\"").append(MemoryBar.swatchUri(swatch.get())).append("\" width=\"")
                    .append(MemoryBar.SWATCH).append("\" height=\"").append(MemoryBar.SWATCH).append("\" alt=\"")
                    .append(escape(swatch.get().label())).append("\">");
        }
        return row.append("</td>").append(Html.textCell(labelHtml)).append(Html.figureCell(value)).append(Html.figureCell(percent))
                .append("</tr>").toString();
    }

    private static String host(HostMemory host) {
        StringBuilder out = new StringBuilder("<p>Host: JVM heap ").append(Html.figure(Bytes.human(host.heapUsedBytes())))
                .append(" of ").append(Html.figure(Bytes.human(host.heapMaxBytes())))
                .append(", JavaCPP native ").append(Html.figure(Bytes.human(host.javacppBytes())));
        host.residentBytes().ifPresent(b -> out.append(", process RSS ").append(Html.figure(Bytes.human(b))));
        host.availableBytes().ifPresent(b -> out.append(", host available ").append(Html.figure(Bytes.human(b))));
        return out.append("</p>").toString();
    }

    /** Unique in a notebook page, which may show many reports: a map is found by its name. */
    private static String mapName(MemoryReport report, DeviceMemory device) {
        return new StringBuilder("gpumagics-bar-").append(report.pid()).append('-').append(report.takenAt().getEpochSecond()).append('-')
                .append(report.takenAt().getNano()).append('-').append(device.index()).toString();
    }

    static String escape(String text) {
        return Html.escape(text);
    }
}
