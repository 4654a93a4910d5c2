package dev.gpumagics.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report as HTML for a notebook: per device a stacked bar (this kernel's tensors, cache and
 * context; other processes; the rest of used; free) and a table.
 */
public final class HtmlReport {

    private static final int BAR_WIDTH = 600;
    private static final int BAR_HEIGHT = 18;

    /** One piece of the bar: a label, its bytes and its colour. */
    record Segment(String label, long bytes, String colour) {}

    private HtmlReport() {}

    public static String render(MemoryReport report) {
        StringBuilder out = new StringBuilder("<div class=\"gpumagics-report\">");
        out.append("<p><b>GPU memory</b> at ").append(escape(TextReport.TIME.format(report.takenAt())))
                .append(", pid ").append(report.pid());
        report.gpuSource().ifPresent(s -> out.append(" (").append(escape(s))
                .append(report.driverVersion().map(v -> ", driver " + escape(v)).orElse("")).append(')'));
        out.append("</p>");
        report.parked().ifPresent(line -> out.append("<p>this kernel's GPU state: ").append(escape(line)).append("</p>"));
        report.gpuUnavailable().ifPresent(line -> out.append("<p>").append(escape(line)).append("</p>"));
        for (DeviceReport device : report.devices()) {
            device(out, device, report);
        }
        var host = report.host();
        out.append("<p>Host: JVM heap ").append(Bytes.human(host.heapUsedBytes())).append(" of ").append(Bytes.human(host.heapMaxBytes()))
                .append(", JavaCPP native ").append(Bytes.human(host.javacppBytes()));
        if (host.residentBytes().isPresent()) {
            out.append(", process RSS ").append(Bytes.human(host.residentBytes().getAsLong()));
        }
        if (host.availableBytes().isPresent()) {
            out.append(", host available ").append(Bytes.human(host.availableBytes().getAsLong()));
        }
        return out.append("</p></div>").toString();
    }

    private static void device(StringBuilder out, DeviceReport report, MemoryReport whole) {
        var device = report.device();
        out.append("<h4>GPU ").append(device.index()).append(": ").append(escape(device.name())).append("</h4>");
        List<Segment> segments = segments(report);
        out.append(bar(segments, device.totalBytes())).append(legend(segments));
        out.append("<table><tr><th style=\"text-align:left\">what</th><th style=\"text-align:right\">memory</th></tr>");
        row(out, "device used / total", Bytes.human(device.usedBytes()) + " / " + Bytes.human(device.totalBytes()));
        row(out, "device free", Bytes.human(device.freeBytes()));
        KernelUsage kernel = report.kernel();
        row(out, "this kernel", kernel.processBytes().isPresent() ? Bytes.human(kernel.processBytes()) : "0 B (no CUDA context here)");
        if (kernel.allocator().isPresent()) {
            row(out, "&nbsp;&nbsp;tensors (allocated)", Bytes.human(kernel.tensorsBytes()));
            row(out, "&nbsp;&nbsp;cache (reserved, unallocated)", Bytes.human(kernel.cacheBytes()));
            row(out, "&nbsp;&nbsp;context and libraries", Bytes.human(kernel.contextAndLibrariesBytes()));
        }
        if (whole.processesShown()) {
            for (OtherProcess other : report.others()) {
                var who = other.identity();
                String label = "pid " + who.pid() + (who.visible()
                        ? " " + who.user().orElse("?") + " " + who.command().orElse("")
                        : " (not visible from here)");
                row(out, escape(label), Bytes.human(other.usedBytes()));
            }
        }
        out.append("</table>");
        for (String hint : report.hints()) {
            out.append("<p>hint: ").append(escape(hint)).append("</p>");
        }
    }

    static List<Segment> segments(DeviceReport report) {
        KernelUsage kernel = report.kernel();
        List<Segment> segments = new ArrayList<>();
        if (kernel.allocator().isPresent()) {
            segments.add(new Segment("this kernel: tensors", kernel.tensorsBytes().orElse(0), "#1f77b4"));
            segments.add(new Segment("this kernel: cache", kernel.cacheBytes().orElse(0), "#aec7e8"));
            segments.add(new Segment("this kernel: context and libraries", kernel.contextAndLibrariesBytes().orElse(0), "#9467bd"));
        } else {
            segments.add(new Segment("this kernel", kernel.processBytes().orElse(0), "#1f77b4"));
        }
        long others = report.othersBytes();
        segments.add(new Segment("other processes", others, "#ff7f0e"));
        long ownBytes = kernel.processBytes().orElse(0);
        long rest = Math.max(0, report.device().usedBytes() - ownBytes - others);
        segments.add(new Segment("other used (driver, unlisted processes)", rest, "#c7c7c7"));
        segments.add(new Segment("free", report.device().freeBytes(), "#d9d9d9"));
        return segments;
    }

    static String bar(List<Segment> segments, long totalBytes) {
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">", BAR_WIDTH, BAR_HEIGHT));
        double x = 0;
        for (Segment segment : segments) {
            double width = totalBytes <= 0 ? 0 : BAR_WIDTH * (double) segment.bytes() / totalBytes;
            if (width <= 0) {
                continue;
            }
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%.2f\" y=\"0\" width=\"%.2f\" height=\"%d\" fill=\"%s\"><title>%s: %s</title></rect>",
                    x, width, BAR_HEIGHT, segment.colour(), escape(segment.label()), Bytes.human(segment.bytes())));
            x += width;
        }
        return svg.append("</svg>").toString();
    }

    /** What each colour of the bar is, for the pieces that are there. */
    static String legend(List<Segment> segments) {
        StringBuilder legend = new StringBuilder("<div style=\"font-size:smaller\">");
        String separator = "";
        for (Segment segment : segments) {
            if (segment.bytes() > 0) {
                legend.append(separator).append("<span style=\"color:").append(segment.colour()).append("\">&#9632;</span> ")
                        .append(escape(segment.label())).append(' ').append(Bytes.human(segment.bytes()));
                separator = " &nbsp; ";
            }
        }
        return legend.append("</div>").toString();
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append("<tr><td style=\"text-align:left\">").append(label).append("</td><td style=\"text-align:right\">")
                .append(escape(value)).append("</td></tr>");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

}
