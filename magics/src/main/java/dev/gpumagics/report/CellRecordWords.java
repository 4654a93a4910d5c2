package dev.gpumagics.report;

import dev.gpumagics.units.Bytes;
import dev.gpumagics.watch.CellRecord;
import dev.gpumagics.watch.DeviceChange;
import dev.gpumagics.watch.HostChange;
import dev.gpumagics.watch.Peak;
import dev.gpumagics.watch.ProcessChange;
import dev.gpumagics.watch.VariableChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The words of a {@code %gpuwatch} record, part by part (the wall time, the host, each GPU, the variables, the
 * processes), for the text line and the HTML row alike: a {@link Style} says how words, figures and names are marked.
 */
final class CellRecordWords {

    /** Variables named in the line; the rest are counted. */
    static final int VARIABLES_SHOWN = 4;

    /** How each kind of text is written: as it is for text/plain, escaped and unbreakable for HTML. */
    interface Style {
        String word(String text);

        String figure(String text);

        String name(String text);

        Style PLAIN = new Style() {
            @Override
            public String word(String text) {
                return text;
            }

            @Override
            public String figure(String text) {
                return text;
            }

            @Override
            public String name(String text) {
                return text;
            }
        };

        Style HTML = new Style() {
            @Override
            public String word(String text) {
                return Html.escape(text);
            }

            @Override
            public String figure(String text) {
                return Html.figure(text);
            }

            @Override
            public String name(String text) {
                return new StringBuilder("<code>").append(Html.escape(text)).append("</code>").toString();
            }
        };
    }

    private CellRecordWords() {}

    static List<String> parts(CellRecord record, Style style) {
        List<String> parts = new ArrayList<>();
        parts.add(style.figure(duration(record.wall())));
        parts.add(host(record.host(), style));
        // many GPUs: the ones this kernel uses, and how many it leaves alone; every figure of all of them is in the JSON
        List<DeviceChange> used = record.devices().size() > DeviceWords.FULL_UP_TO
                ? record.devices().stream().filter(CellRecordWords::kernels).toList() : record.devices();
        for (DeviceChange device : used) {
            parts.add(device(device, style));
        }
        int idle = record.devices().size() - used.size();
        if (idle > 0) {
            parts.add(style.word(idle + (idle == 1 ? " other GPU" : " other GPUs") + " without this kernel's memory"));
        }
        if (record.gpuParked()) {
            parts.add(style.word("GPU not read: this kernel's GPU state is parked"));
        }
        if (!record.variables().isEmpty()) {
            parts.add(variables(record.variables(), style));
        }
        for (ProcessChange process : record.processes()) {
            parts.add(process(process, style));
        }
        return parts;
    }

    static String host(HostChange host, Style style) {
        StringBuilder out = new StringBuilder(style.word("host RSS "));
        out.append(style.figure(signed(host.residentDelta())));
        if (host.residentPeak().isPresent() && host.residentAfter().isPresent()) {
            out.append(style.word(" (peak ")).append(style.figure(signed(host.peakAboveStart())))
                    .append(style.word(sampled(host.residentPeak().get()) + ", now "))
                    .append(style.figure(Bytes.human(host.residentAfter().getAsLong()))).append(style.word(")"));
        }
        return out.append(style.word(", JavaCPP ")).append(style.figure(signed(host.javacppDelta()))).toString();
    }

    /** Whether this kernel's memory is on the device, at either end of the cell. */
    static boolean kernels(DeviceChange device) {
        return device.allocatedAfter().isPresent() || device.kernelAfter().isPresent() || device.kernelBefore().isPresent();
    }

    static String device(DeviceChange device, Style style) {
        StringBuilder out = new StringBuilder(style.word(DeviceWords.label(device.id()) + " "));
        if (device.allocatorRead() || device.allocatedAfter().isPresent()) {
            out.append(style.word("allocated ")).append(style.figure(signed(device.allocatedDelta())))
                    .append(style.word(", reserved ")).append(style.figure(signed(device.reservedDelta())));
        } else if (device.kernelAfter().isPresent()) {
            out.append(style.word("this kernel ")).append(style.figure(signed(device.kernelDelta())));
        }
        if (device.peak().isPresent() && (device.peakOfAllocated() || device.kernelAfter().isPresent())) {
            out.append(style.word(" (peak ")).append(style.figure(signed(device.peakAboveStart())))
                    .append(style.word(sampled(device.peak().get()) + ")"));
        }
        boolean first = !device.allocatedAfter().isPresent() && !device.kernelAfter().isPresent();
        return out.append(style.word(first ? "free " : ", free ")).append(style.figure(Bytes.human(device.freeAfter()))).toString();
    }

    static String variables(List<VariableChange> variables, Style style) {
        StringBuilder out = new StringBuilder();
        int shown = Math.min(VARIABLES_SHOWN, variables.size());
        for (int i = 0; i < shown; i++) {
            VariableChange v = variables.get(i);
            out.append(i == 0 ? "" : style.word(", ")).append(style.name(v.name())).append(style.word(" "));
            if (v.how() == VariableChange.How.CREATED || v.bytesBefore().isEmpty()) {
                out.append(style.word(v.how() == VariableChange.How.CREATED ? "new " : "")).append(style.figure(Bytes.human(v.bytes())));
            } else {
                out.append(style.figure(Bytes.human(v.bytesBefore().getAsLong()))).append(style.word(" -> "))
                        .append(style.figure(Bytes.human(v.bytes())));
            }
            if (v.gpuBytes() > 0) {
                out.append(style.word(v.gpuBytes() == v.bytes() ? " on GPU" : " (" + Bytes.human(v.gpuBytes()) + " on GPU)"));
            }
            if (v.keepsHistory()) {
                out.append(style.word(" +graph"));
            }
        }
        if (variables.size() > shown) {
            out.append(style.word(" and " + (variables.size() - shown) + " more"));
        }
        return out.toString();
    }

    static String process(ProcessChange process, Style style) {
        StringBuilder out = new StringBuilder(style.word("pid " + process.pid()));
        process.identity().user().ifPresent(user -> out.append(style.word(" (" + user + ")")));
        String gpu = process.device().map(DeviceWords::label).orElse("a GPU");
        out.append(style.word(process.appeared() ? " appeared on " + gpu : " left " + gpu));
        if (process.bytes().isPresent()) {
            out.append(style.word(process.appeared() ? " with " : ", it had ")).append(style.figure(Bytes.human(process.bytes().getAsLong())));
        }
        return out.toString();
    }

    /** "+64.0 MiB", "-2.00 GiB", "+0 B". */
    static String signed(long bytes) {
        return (bytes < 0 ? "-" : "+") + Bytes.human(Math.abs(bytes));
    }

    static String signed(OptionalLong bytes) {
        return bytes.isPresent() ? signed(bytes.getAsLong()) : "N/A";
    }

    private static String sampled(Peak peak) {
        return peak.exact() ? "" : " sampled";
    }

    /** "12 ms", "1.52 s", "3 min 04 s". */
    static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, millis < 10_000 ? "%.2f s" : "%.1f s", millis / 1000.0);
        }
        long seconds = duration.toSeconds();
        return seconds < 3600 ? String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60)
                : String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds / 60 % 60);
    }
}
