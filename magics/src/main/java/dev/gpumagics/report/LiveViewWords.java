package dev.gpumagics.report;

import dev.gpumagics.units.Bytes;
import dev.gpumagics.watch.DeviceSample;
import dev.gpumagics.watch.HostSample;
import dev.gpumagics.watch.HostTotals;
import dev.gpumagics.watch.LiveFrame;
import java.util.Optional;

/** The live view's sentences, for its text and its HTML alike (see {@link CellRecordWords.Style}). */
final class LiveViewWords {

    private LiveViewWords() {}

    static String heading(LiveFrame frame, CellRecordWords.Style style) {
        String elapsed = style.figure(CellRecordWords.duration(frame.elapsed()));
        return frame.last()
                ? style.word("the cell's memory over its ") + elapsed + style.word(" (the live view's last frame)")
                : style.word("live: ") + elapsed + style.word(" into the cell");
    }

    static String host(HostSample now, HostSample start, Optional<HostTotals> totals, CellRecordWords.Style style) {
        StringBuilder out = new StringBuilder(style.word("host RSS "));
        if (now.residentBytes().isPresent()) {
            out.append(style.figure(Bytes.human(now.residentBytes().getAsLong())));
            if (start.residentBytes().isPresent()) {
                out.append(style.word(" (")).append(style.figure(CellRecordWords.signed(
                        now.residentBytes().getAsLong() - start.residentBytes().getAsLong()))).append(style.word(" in the cell)"));
            }
        } else {
            out.append(style.word("not known here"));
        }
        out.append(style.word(", JavaCPP ")).append(style.figure(Bytes.human(now.javacppBytes())));
        totals.ifPresent(t -> out.append(style.word("; host available ")).append(style.figure(Bytes.human(t.availableBytes())))
                .append(style.word(" of ")).append(style.figure(Bytes.human(t.totalBytes()))));
        return out.toString();
    }

    static String device(DeviceSample device, CellRecordWords.Style style) {
        StringBuilder out = new StringBuilder(style.word("GPU " + device.index() + " " + device.name() + ": "));
        if (device.allocator().isPresent()) {
            out.append(style.word("allocated ")).append(style.figure(Bytes.human(device.allocatedBytes().orElse(0))))
                    .append(style.word(", reserved ")).append(style.figure(Bytes.human(device.reservedBytes().orElse(0))))
                    .append(style.word(", "));
        }
        device.kernelBytes().ifPresent(bytes -> out.append(style.word("this kernel ")).append(style.figure(Bytes.human(bytes)))
                .append(style.word(", ")));
        return out.append(style.word("used ")).append(style.figure(Bytes.human(device.usedBytes())))
                .append(style.word(" of ")).append(style.figure(Bytes.human(device.totalBytes())))
                .append(style.word(", free ")).append(style.figure(Bytes.human(device.freeBytes()))).toString();
    }

    static String series(LiveFrame.Series series, CellRecordWords.Style style) {
        String what = switch (series.measure()) {
            case ALLOCATED -> "GPU " + series.deviceIndex() + " allocated";
            case DEVICE_PROCESS -> "GPU " + series.deviceIndex() + " this kernel";
            case HOST_RESIDENT -> "host RSS";
        };
        return style.word(what + " over the cell, from ") + style.figure(Bytes.human(series.lowBytes()))
                + style.word(" to its peak ") + style.figure(Bytes.human(series.peakBytes()));
    }
}
