package dev.gpumagics.report;

import dev.gpumagics.watch.CellRecord;

/**
 * A {@code %gpuwatch} record as one small table row, a cell per part of the text line, in markup an untrusted
 * notebook's sanitizer keeps (see {@link Html}).
 */
public final class CellRecordHtml {

    private CellRecordHtml() {}

    public static String row(CellRecord record) {
        StringBuilder out = new StringBuilder("<table class=\"gpumagics-watch\"><tr>")
                .append(Html.textCell("<b>gpuwatch</b>"));
        for (String part : CellRecordWords.parts(record, CellRecordWords.Style.HTML)) {
            out.append(Html.textCell(part));
        }
        return out.append("</tr></table>").toString();
    }
}
