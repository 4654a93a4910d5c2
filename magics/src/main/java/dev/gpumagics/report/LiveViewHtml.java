package dev.gpumagics.report;

import dev.gpumagics.look.DeviceReport;
import dev.gpumagics.look.KernelUsage;
import dev.gpumagics.units.Bytes;
import dev.gpumagics.watch.DeviceSample;
import dev.gpumagics.watch.HostTotals;
import dev.gpumagics.watch.LiveFrame;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The live view of a long cell as HTML: per GPU the report's bar (tensors, cache, context, other processes, free),
 * or the host's where no GPU was read, and a sparkline of the cell so far. Pictures are PNGs inside the HTML, which
 * an untrusted notebook keeps (see docs/REPORT.md), so the last frame reads the same wherever the notebook is opened.
 */
public final class LiveViewHtml {

    private LiveViewHtml() {}

    /** @param id unique to the cell's display: the bars' image maps are named after it */
    public static String render(LiveFrame frame, String id) {
        CellRecordWords.Style html = CellRecordWords.Style.HTML;
        StringBuilder out = new StringBuilder("<div class=\"gpumagics-live\"><p><b>gpuwatch</b> ")
                .append(LiveViewWords.heading(frame, html)).append("</p>");
        List<DeviceSample> devices = frame.now().gpu().devices();
        for (DeviceSample device : LiveViewWords.shown(devices)) {
            out.append("<p>").append(LiveViewWords.device(device, html)).append("</p>");
            if (device.memory().memoryKnown()) {
                out.append(HtmlReport.bar(deviceReport(device), mapName(id, "gpu" + device.id().toString().replace(':', '-'))));
            }
        }
        LiveViewWords.idle(devices, html).ifPresent(line -> out.append("<p>").append(line).append("</p>"));
        out.append("<p>").append(LiveViewWords.host(frame.now().host(), frame.start().host(), frame.hostTotals(), html)).append("</p>");
        if (devices.isEmpty()) {
            frame.hostTotals().ifPresent(totals -> out.append(hostBar(frame.now().host().residentBytes().orElse(0), totals,
                    mapName(id, "host"))));
        }
        LiveFrame.Series series = frame.series();
        String caption = LiveViewWords.series(series, CellRecordWords.Style.PLAIN);
        return out.append("<p>").append(LiveViewWords.series(series, html)).append("</p>")
                .append("<img class=\"gpumagics-sparkline\" src=\"")
                .append(MemoryBar.dataUri(Sparkline.png(series.values(), series.lowBytes(), series.peakBytes())))
                .append("\" width=\"").append(Sparkline.WIDTH).append("\" height=\"").append(Sparkline.HEIGHT)
                .append("\" alt=\"").append(Html.escape(caption)).append("\">")
                .append("</div>").toString();
    }

    /** The device as the report's bar draws one: this kernel's split where libtorch's counters are read, else one piece. */
    static DeviceReport deviceReport(DeviceSample device) {
        KernelUsage kernel = new KernelUsage(device.kernelBytes(), device.allocator(), Optional.empty(), OptionalInt.empty());
        return new DeviceReport(device.memory(), kernel, List.of(), OptionalLong.of(device.othersBytes()), 0, true, List.of());
    }

    /** The host's memory as a bar: this kernel's resident set, the rest in use, and what is available. */
    static String hostBar(long residentBytes, HostTotals totals, String mapName) {
        long otherUsed = Math.max(0, totals.totalBytes() - totals.availableBytes() - residentBytes);
        List<MemoryBar.Segment> segments = List.of(new MemoryBar.Segment(BarPiece.KERNEL, residentBytes),
                new MemoryBar.Segment(BarPiece.OTHER_USED, otherUsed), new MemoryBar.Segment(BarPiece.FREE, totals.availableBytes()));
        List<MemoryBar.Placed> placed = MemoryBar.layout(segments);
        StringBuilder alt = new StringBuilder("host memory:");
        StringBuilder areas = new StringBuilder("<map name=\"").append(mapName).append("\">");
        String separator = " ";
        for (MemoryBar.Placed p : placed) {
            String label = hostLabel(p.segment().piece());
            String bytes = Bytes.human(p.segment().bytes());
            alt.append(separator).append(label).append(' ').append(bytes);
            separator = ", ";
            areas.append("<area shape=\"rect\" coords=\"").append(p.x()).append(",0,").append(p.x() + p.width()).append(',')
                    .append(MemoryBar.HEIGHT).append("\" alt=\"").append(Html.escape(label)).append("\" title=\"")
                    .append(Html.escape(label)).append(": ").append(bytes).append(" (")
                    .append(Html.escape(Html.percent(p.segment().bytes(), totals.totalBytes()))).append(" of the host)\">");
        }
        return new StringBuilder("<img class=\"gpumagics-bar\" src=\"").append(MemoryBar.pngUri(placed))
                .append("\" width=\"").append(MemoryBar.WIDTH).append("\" height=\"").append(MemoryBar.HEIGHT)
                .append("\" alt=\"").append(Html.escape(alt.toString())).append("\" usemap=\"#").append(mapName).append("\">")
                .append(areas).append("</map>").toString();
    }

    private static String hostLabel(BarPiece piece) {
        return switch (piece) {
            case KERNEL -> "this kernel (resident set)";
            case FREE -> "available";
            default -> "other used";
        };
    }

    private static String mapName(String id, String part) {
        return new StringBuilder("gpumagics-live-").append(id.replaceAll("[^A-Za-z0-9-]", "")).append('-').append(part).toString();
    }
}
