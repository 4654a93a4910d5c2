package dev.gpumagics.report;

import dev.gpumagics.watch.DeviceSample;
import dev.gpumagics.watch.LiveFrame;

/** The live view of a long cell as text: the faithful fallback of {@link LiveViewHtml}, every figure in it. */
public final class LiveViewText {

    private LiveViewText() {}

    public static String render(LiveFrame frame) {
        CellRecordWords.Style plain = CellRecordWords.Style.PLAIN;
        StringBuilder out = new StringBuilder("gpuwatch ").append(LiveViewWords.heading(frame, plain)).append('\n');
        for (DeviceSample device : LiveViewWords.shown(frame.now().gpu().devices())) {
            out.append("  ").append(LiveViewWords.device(device, plain)).append('\n');
        }
        LiveViewWords.idle(frame.now().gpu().devices(), plain).ifPresent(line -> out.append("  ").append(line).append('\n'));
        out.append("  ").append(LiveViewWords.host(frame.now().host(), frame.start().host(), frame.hostTotals(), plain)).append('\n');
        LiveFrame.Series series = frame.series();
        return out.append("  ").append(LiveViewWords.series(series, plain)).append(": ")
                .append(Sparkline.text(series.values(), series.lowBytes(), series.peakBytes())).append('\n').toString();
    }
}
