package dev.gpumagics.report;

import dev.gpumagics.look.DeviceReport;
import dev.gpumagics.look.MemoryReport;
import java.util.List;

/**
 * Many devices at a glance, as HTML: a grid of cells, {@link #COLUMNS} to a row, each a device's label and name, its bar
 * drawn small, used of total with utilization, and this kernel's and the others' shares; under it, which colour is
 * which. Table cells and {@code <div align="left">}, which an untrusted notebook keeps (see {@link Html}).
 */
final class DeviceGrid {

    static final int COLUMNS = 4;
    private static final List<BarPiece> KEY = List.of(BarPiece.TENSORS, BarPiece.CACHE, BarPiece.CONTEXT, BarPiece.OTHERS,
            BarPiece.OTHER_USED, BarPiece.FREE);

    private DeviceGrid() {}

    static String render(MemoryReport report) {
        StringBuilder out = new StringBuilder("<table class=\"gpumagics-grid\" cellpadding=\"4\"><tbody>");
        List<DeviceReport> devices = report.devices();
        for (int first = 0; first < devices.size(); first += COLUMNS) {
            out.append("<tr>");
            for (DeviceReport device : devices.subList(first, Math.min(devices.size(), first + COLUMNS))) {
                out.append(cell(device, report));
            }
            out.append("</tr>");
        }
        out.append("</tbody></table><p>");
        for (BarPiece piece : KEY) {
            out.append(HtmlReport.swatch(piece)).append("&nbsp;").append(Html.escape(piece.label())).append(" &nbsp; ");
        }
        return out.append("</p>").toString();
    }

    private static String cell(DeviceReport device, MemoryReport report) {
        StringBuilder out = new StringBuilder("<td valign=\"top\"><div align=\"left\"><b>")
                .append(Html.escape(DeviceWords.label(device.device().id()))).append("</b></div><div align=\"left\">")
                .append(Html.figure(DeviceWords.shortName(device))).append("</div><div align=\"left\">");
        if (device.device().memoryKnown()) {
            out.append(HtmlReport.bar(device, HtmlReport.mapName(report, device.device()).concat("-small"), MemoryBar.SMALL_WIDTH,
                    MemoryBar.SMALL_HEIGHT));
        } else {
            out.append("memory N/A from the driver");
        }
        return out.append("</div><div align=\"left\">").append(Html.figure(DeviceWords.usedOfTotal(device)))
                .append(", util ").append(Html.escape(DeviceWords.utilization(device))).append("</div><div align=\"left\">this kernel ")
                .append(Html.figure(words(DeviceWords.kernelShare(device)))).append(", others ")
                .append(Html.figure(words(DeviceWords.othersShare(device)))).append("</div></td>").toString();
    }

    /** The one-line view's "-" as a word: a cell reads as a sentence. */
    private static String words(String share) {
        return share.equals("-") ? "none" : share;
    }
}
