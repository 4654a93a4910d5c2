package dev.gpumagics.report;

import dev.gpumagics.units.Bytes;
import dev.gpumagics.watch.DeviceSample;
import dev.gpumagics.watch.HostSample;
import dev.gpumagics.watch.HostTotals;
import dev.gpumagics.watch.LiveFrame;
import java.util.List;
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
        StringBuilder out = new StringBuilder(style.word(DeviceWords.label(device.id()) + " " + DeviceWords.name(device.memory().name()) + ": "));
        if (device.allocator().isPresent()) {
            out.append(style.word("allocated ")).append(style.figure(Bytes.human(device.allocatedBytes().orElse(0))))
                    .append(style.word(", reserved ")).append(style.figure(Bytes.human(device.reservedBytes().orElse(0))))
                    .append(style.word(", "));
        }
        device.kernelBytes().ifPresent(bytes -> out.append(style.word("this kernel ")).append(style.figure(Bytes.human(bytes)))
                .append(style.word(", ")));
        return out.append(style.word("used ")).append(style.figure(Bytes.human(device.memory().usedBytes())))
                .append(style.word(" of ")).append(style.figure(Bytes.human(device.memory().totalBytes())))
                .append(style.word(", free ")).append(style.figure(Bytes.human(device.memory().freeBytes()))).toString();
    }

    /**
     * The devices a frame shows in full: all of a couple, else the ones this kernel holds memory on (the others are
     * counted, {@link #idle}).
     */
    static List<DeviceSample> shown(List<DeviceSample> devices) {
        if (devices.size() <= DeviceWords.FULL_UP_TO) {
            return devices;
        }
        return devices.stream().filter(d -> d.kernelBytes().isPresent() || d.allocator().isPresent()).toList();
    }

    /** "and 7 more GPUs where this kernel holds nothing", where a frame leaves some out. */
    static Optional<String> idle(List<DeviceSample> devices, CellRecordWords.Style style) {
        int idle = devices.size() - shown(devices).size();
        return idle == 0 ? Optional.empty() : Optional.of(style.word((shown(devices).isEmpty() ? "" : "and ") + idle
                + (idle == 1 ? " GPU" : " GPUs") + " where this kernel holds nothing (%gpumem shows them)"));
    }

    static String series(LiveFrame.Series series, CellRecordWords.Style style) {
        String what = switch (series.measure()) {
            case ALLOCATED -> series.device().map(DeviceWords::label).orElse("GPU") + " allocated";
            case DEVICE_PROCESS -> series.device().map(DeviceWords::label).orElse("GPU") + " this kernel";
            case HOST_RESIDENT -> "host RSS";
        };
        return style.word(what + " over the cell, from ") + style.figure(Bytes.human(series.lowBytes()))
                + style.word(" to its peak ") + style.figure(Bytes.human(series.peakBytes()));
    }
}
