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
 * table of the other processes, and the hints. With more than {@link DeviceWords#FULL_UP_TO} devices, a grid of small
 * bars comes first ({@link DeviceGrid}), and only the devices in use get the full breakdown. Built from markup that
 * reads the same in a trusted notebook, an untrusted one and an HTML export (see {@link Html}).
 */
public final class HtmlReport {

    static final String INDENT = "&nbsp;&nbsp;&nbsp;&nbsp;";

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
        if (DeviceWords.compact(report)) {
            out.append(DeviceGrid.render(report));
        }
        for (DeviceReport device : report.devices()) {
            if (DeviceWords.full(report, device)) {
                device(out, device, report);
            } else {
                device.hints().forEach(hint -> out.append("<p>").append(escape(DeviceWords.label(device.device().id()))).append(": ")
                        .append(escape(Hints.text(hint))).append("</p>"));
            }
        }
        return out.append(host(report.host())).append("</div>").toString();
    }

    private static void device(StringBuilder out, DeviceReport report, MemoryReport whole) {
        DeviceMemory device = report.device();
        out.append("<h4>").append(escape(DeviceWords.label(device.id()))).append(": ").append(escape(DeviceWords.name(device.name())))
                .append(escape(DeviceWords.cudaName(report).map(name -> " (" + name + ")").orElse(""))).append("</h4>");
        out.append("<p>used ").append(Html.figure(Bytes.human(device.usedBytes()))).append(" of ")
                .append(Html.figure(Bytes.human(device.totalBytes())));
        if (device.usedBytes().isPresent() && device.totalBytes().isPresent()) {
            out.append(" (").append(escape(Html.percent(device.usedBytes().getAsLong(), device.totalBytes().getAsLong()))).append(')');
        }
        out.append(", free ").append(Html.figure(Bytes.human(device.freeBytes())))
                .append(", utilization ").append(escape(DeviceWords.utilization(report))).append("</p>");
        if (device.memoryKnown()) {
            // without the device's size no bar can be in proportion: the legend's figures stand alone
            out.append(bar(report, mapName(whole, device)));
        }
        out.append(legend(report, whole));
        if (whole.processesShown() && !report.others().isEmpty()) {
            out.append(processes(report, whole.takenAt()));
        }
        for (Hint hint : report.hints()) {
            out.append("<p>hint: ").append(escape(Hints.text(hint))).append("</p>");
        }
    }

    /** The bar as an image, with its pieces named in the image's text and, one by one, in an image map's tooltips. */
    static String bar(DeviceReport report, String mapName) {
        return bar(report, mapName, MemoryBar.WIDTH, MemoryBar.HEIGHT);
    }

    /** The same, {@code width} by {@code height} CSS pixels. */
    static String bar(DeviceReport report, String mapName, int width, int height) {
        List<MemoryBar.Placed> placed = MemoryBar.layout(MemoryBar.segments(report), width);
        long total = report.device().totalBytes().orElse(0);
        StringBuilder alt = new StringBuilder(DeviceWords.label(report.device().id())).append(" memory:");
        StringBuilder areas = new StringBuilder("<map name=\"").append(mapName).append("\">");
        String separator = " ";
        for (MemoryBar.Placed p : placed) {
            BarPiece piece = p.segment().piece();
            String bytes = Bytes.human(p.segment().bytes());
            alt.append(separator).append(piece.label()).append(' ').append(bytes);
            separator = ", ";
            areas.append("<area shape=\"rect\" coords=\"").append(p.x()).append(",0,").append(p.x() + p.width()).append(',')
                    .append(height).append("\" alt=\"").append(escape(piece.label())).append("\" title=\"")
                    .append(escape(piece.label())).append(": ").append(bytes).append(" (")
                    .append(escape(Html.percent(p.segment().bytes(), total))).append(" of the GPU)\">");
        }
        return new StringBuilder("<img class=\"gpumagics-bar\" src=\"").append(MemoryBar.pngUri(placed, width, height))
                .append("\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" alt=\"").append(escape(alt.toString())).append("\" usemap=\"#").append(mapName).append("\">")
                .append(areas).append("</map>").toString();
    }

    /** One row per piece of the bar, in its order, with the piece's colour where the bar shows it. */
    static String legend(DeviceReport report, MemoryReport whole) {
        long total = report.device().totalBytes().orElse(0);
        boolean drawn = report.device().memoryKnown();
        KernelUsage kernel = report.kernel();
        StringBuilder out = new StringBuilder("<table class=\"gpumagics-legend\"><thead><tr><th></th>")
                .append(Html.textHeader("what")).append(Html.figureHeader("memory")).append(Html.figureHeader("of GPU"))
                .append("</tr></thead><tbody>");
        List<MemoryBar.Segment> segments = MemoryBar.segments(report);
        if (kernel.processBytes().isEmpty() && kernel.allocator().isPresent()) {
            // no figure from the driver, libtorch's own count: its pieces, not drawn in proportion to a row that is not there
            out.append(row(Optional.empty(), escape("this kernel (N/A from the driver; libtorch's count)"),
                    Bytes.human(kernel.reservedBytes()), ""));
            out.append(row(Optional.empty(), INDENT.concat(escape(BarPiece.TENSORS.row())), Bytes.human(kernel.tensorsBytes()), ""));
            out.append(row(Optional.empty(), INDENT.concat(escape(BarPiece.CACHE.row())), Bytes.human(kernel.cacheBytes()), ""));
        } else if (kernel.processBytes().isEmpty()) {
            boolean context = kernel.contextActive().orElse(false);
            out.append(row(Optional.empty(), escape(context ? "this kernel (holds a context; the driver gives no figure for it)"
                    : "this kernel (no CUDA context here)"), context ? DeviceWords.NOT_AVAILABLE : "0 B", ""));
        } else if (segments.get(0).piece() == BarPiece.KERNEL) {
            out.append(row(segments.get(0), escape("this kernel"), total, drawn));
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
                out.append(row(piece, INDENT.concat(escape(label)), total, drawn));
            }
        }
        if (!report.processesListed()) {
            out.append(row(Optional.empty(), escape("other processes (the driver did not list them)"), DeviceWords.NOT_AVAILABLE, ""));
        } else if (report.othersCount() == 0) {
            out.append(row(Optional.empty(), escape("other processes"), "none", ""));
        } else {
            MemoryBar.Segment others = piece(segments, BarPiece.OTHERS);
            String listed = whole.processesShown() ? "" : ", not listed: --no-procs";
            String label = new StringBuilder("other processes (").append(report.othersCount()).append(escape(listed)).append(')').toString();
            out.append(report.othersBytes().isPresent() ? row(others, label, total, drawn)
                    : row(Optional.empty(), label, DeviceWords.NOT_AVAILABLE, ""));
        }
        MemoryBar.Segment rest = piece(segments, BarPiece.OTHER_USED);
        if (rest.bytes() > 0) {
            out.append(row(rest, escape(rest.piece().row()), total, drawn));
        }
        out.append(report.device().freeBytes().isPresent() ? row(piece(segments, BarPiece.FREE), escape("free"), total, drawn)
                : row(Optional.empty(), escape("free"), DeviceWords.NOT_AVAILABLE, ""));
        return out.append("</tbody></table>").toString();
    }

    /** The other processes, one column per fact: pid, user, GPU memory, share of the GPU, command. */
    static String processes(DeviceReport report, Instant takenAt) {
        long total = report.device().totalBytes().orElse(0);
        StringBuilder out = new StringBuilder("<table class=\"gpumagics-processes\"><thead><tr>")
                .append(Html.figureHeader("pid")).append(Html.textHeader("user")).append(Html.figureHeader("GPU memory"))
                .append(Html.figureHeader("of GPU")).append(Html.textHeader("command")).append("</tr></thead><tbody>");
        for (OtherProcess other : report.others()) {
            Optional<ProcessIdentity> identity = other.identity();
            String command = identity.map(who -> who.visible()
                    ? "<code>".concat(escape(who.command().orElse(""))).concat("</code>")
                    : escape("(not visible from here: another container or pid namespace)"))
                    .orElse(escape("(the driver gave no pid)"));
            out.append("<tr>").append(Html.figureCell(identity.map(who -> Long.toString(who.pid())).orElse(DeviceWords.NOT_AVAILABLE)))
                    .append(Html.textCell(escape(identity.map(who -> who.user().orElse(who.visible() ? "?" : "")).orElse(""))))
                    .append(Html.figureCell(Bytes.human(other.usedBytes())))
                    .append(Html.figureCell(other.usedBytes().isPresent() ? Html.percent(other.usedBytes().getAsLong(), total) : ""))
                    .append(Html.textCell(command + other.kernel().map(kernel -> "<br>" + escape(NeighbourWords.line(kernel, takenAt,
                            report.device()))).orElse("")))
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

    /** @param drawn whether the bar is drawn: only then does a row carry its piece's colour */
    private static String row(MemoryBar.Segment segment, String labelHtml, long total, boolean drawn) {
        Optional<BarPiece> swatch = drawn && segment.bytes() > 0 ? Optional.of(segment.piece()) : Optional.empty();
        return row(swatch, labelHtml, Bytes.human(segment.bytes()), Html.percent(segment.bytes(), total));
    }

    static String row(Optional<BarPiece> swatch, String labelHtml, String value, String percent) {
        StringBuilder row = new StringBuilder("<tr><td>");
        if (swatch.isPresent()) {
            row.append(swatch(swatch.get()));
        }
        return row.append("</td>").append(Html.textCell(labelHtml)).append(Html.figureCell(value)).append(Html.figureCell(percent))
                .append("</tr>").toString();
    }

    static String swatch(BarPiece piece) {
        return new StringBuilder("<img class=\"gpumagics-swatch\" src=\"").append(MemoryBar.swatchUri(piece)).append("\" width=\"")
                .append(MemoryBar.SWATCH).append("\" height=\"").append(MemoryBar.SWATCH).append("\" alt=\"")
                .append(escape(piece.label())).append("\">").toString();
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
    static String mapName(MemoryReport report, DeviceMemory device) {
        return new StringBuilder("gpumagics-bar-").append(report.pid()).append('-').append(report.takenAt().getEpochSecond()).append('-')
                .append(report.takenAt().getNano()).append('-').append(device.id().toString().replace(':', '-')).toString();
    }

    static String escape(String text) {
        return Html.escape(text);
    }
}
