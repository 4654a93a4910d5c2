package dev.gpumagics.report;

import dev.gpumagics.look.DeviceReport;
import dev.gpumagics.look.Hint;
import dev.gpumagics.look.KernelUsage;
import dev.gpumagics.look.MemoryReport;
import dev.gpumagics.look.OtherProcess;
import dev.gpumagics.probe.HostMemory;
import dev.gpumagics.probe.ProcessIdentity;
import dev.gpumagics.units.Bytes;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The report as aligned plain text: what a terminal and Jupyter's text/plain show. Up to {@link DeviceWords#FULL_UP_TO}
 * devices each get the full breakdown; more get one line a device, then the full breakdown of those where this kernel
 * or another process holds memory.
 */
public final class TextReport {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final int LABEL = 34;
    private static final String TABLE_ROW = "%-6s %-28s %-24s %-12s %-14s %s\n";

    private TextReport() {}

    public static String render(MemoryReport report) {
        StringBuilder out = new StringBuilder();
        out.append("GPU memory at ").append(TIME.format(report.takenAt())).append(", pid ").append(report.pid());
        report.gpuSource().ifPresent(source -> out.append(" (").append(source)
                .append(report.driverVersion().map(v -> ", driver " + v).orElse("")).append(')'));
        out.append('\n');
        report.parked().ifPresent(parked -> out.append("this kernel's GPU state: ").append(ContextText.of(parked)).append('\n'));
        report.gpuUnavailable().ifPresent(line -> out.append(line).append('\n'));
        if (DeviceWords.compact(report)) {
            table(out, report);
        }
        for (DeviceReport device : report.devices()) {
            if (DeviceWords.full(report, device)) {
                device(out, device, report);
            } else {
                // an idle device's one line says it all, but for what only a note can say
                device.hints().forEach(hint -> out.append(DeviceWords.label(device.device().id())).append(": ")
                        .append(Hints.text(hint)).append('\n'));
            }
        }
        host(out, report.host());
        return out.toString();
    }

    /** One line a device: used / total, this kernel's share, the others' share, utilization. */
    private static void table(StringBuilder out, MemoryReport report) {
        out.append(String.format(Locale.ROOT, TABLE_ROW, "GPU", "name", "used / total", "this kernel", "others", "util"));
        for (DeviceReport device : report.devices()) {
            out.append(String.format(Locale.ROOT, TABLE_ROW, device.device().id(), clip(DeviceWords.shortName(device), 28),
                    DeviceWords.usedOfTotal(device), DeviceWords.kernelShare(device), DeviceWords.othersShare(device),
                    DeviceWords.utilization(device)));
        }
    }

    private static void device(StringBuilder out, DeviceReport report, MemoryReport whole) {
        var device = report.device();
        out.append(DeviceWords.label(device.id())).append(": ").append(DeviceWords.name(device.name()))
                .append(DeviceWords.cudaName(report).map(name -> " (" + name + ")").orElse(""))
                .append("   used ").append(Bytes.human(device.usedBytes())).append(" of ").append(Bytes.human(device.totalBytes()))
                .append(", free ").append(Bytes.human(device.freeBytes()))
                .append(", utilization ").append(DeviceWords.utilization(report)).append('\n');
        kernel(out, report.kernel(), whole);
        others(out, report, whole);
        for (Hint hint : report.hints()) {
            out.append("  hint: ").append(Hints.text(hint)).append('\n');
        }
    }

    private static void kernel(StringBuilder out, KernelUsage kernel, MemoryReport whole) {
        if (kernel.processBytes().isEmpty() && kernel.allocator().isEmpty()) {
            row(out, "  this kernel", kernel.contextActive().orElse(false)
                    ? "N/A (holds a context; the driver gives no figure for it)" : "0 B (no CUDA context here)");
            return;
        }
        if (kernel.processBytes().isEmpty()) {
            // the driver gives no per-process figure (a unified-memory device, MIG): libtorch's own count still holds
            row(out, "  this kernel", "N/A from the driver; libtorch's allocator holds " + Bytes.human(kernel.reservedBytes()));
        } else {
            row(out, "  this kernel", Bytes.human(kernel.processBytes()));
        }
        if (kernel.allocator().isPresent()) {
            var allocated = kernel.allocator().get().allocated().aggregate();
            row(out, "    tensors (allocated)", Bytes.human(kernel.tensorsBytes()) + "   peak " + Bytes.human(allocated.peakBytes()));
            row(out, "    cache (reserved, unallocated)", Bytes.human(kernel.cacheBytes()));
            row(out, "    context and libraries", Bytes.human(kernel.contextAndLibrariesBytes()));
        } else {
            whole.allocatorNote().ifPresent(note -> out.append("    no tensor/cache split: ").append(note).append('\n'));
        }
    }

    private static void others(StringBuilder out, DeviceReport report, MemoryReport whole) {
        if (!report.processesListed()) {
            row(out, "  other processes", "N/A (the driver did not list this device's processes)");
        } else if (report.othersCount() == 0) {
            row(out, "  other processes", "none");
        } else if (!whole.processesShown()) {
            row(out, "  other processes", Bytes.human(report.othersBytes()) + "   " + report.othersCount()
                    + (report.othersCount() == 1 ? " process" : " processes") + ", not listed (--no-procs)");
        } else {
            row(out, "  other processes", Bytes.human(report.othersBytes()));
            for (OtherProcess other : report.others()) {
                out.append("    ").append(process(other)).append('\n');
                other.kernel().ifPresent(record -> out.append("      ")
                        .append(NeighbourWords.line(record, whole.takenAt(), report.device())).append('\n'));
            }
        }
    }

    static String process(OtherProcess other) {
        String used = Bytes.human(other.usedBytes());
        Optional<ProcessIdentity> identity = other.identity();
        if (identity.isEmpty()) {
            return String.format(Locale.ROOT, "pid %-8s %10s   (the driver gave no pid)", DeviceWords.NOT_AVAILABLE, used);
        }
        ProcessIdentity who = identity.get();
        if (!who.visible()) {
            return String.format(Locale.ROOT, "pid %-8d %10s   (not visible from here: another container or pid namespace)", who.pid(), used);
        }
        return String.format(Locale.ROOT, "pid %-8d %10s   %-10s %s", who.pid(), used, who.user().orElse("?"), who.command().orElse(""));
    }

    private static void host(StringBuilder out, HostMemory host) {
        out.append("Host: JVM heap ").append(Bytes.human(host.heapUsedBytes())).append(" of ").append(Bytes.human(host.heapMaxBytes()))
                .append(", JavaCPP native ").append(Bytes.human(host.javacppBytes()));
        appendIfPresent(out, ", process RSS ", host.residentBytes());
        appendIfPresent(out, ", host available ", host.availableBytes());
        out.append('\n');
    }

    private static void appendIfPresent(StringBuilder out, String label, OptionalLong bytes) {
        if (bytes.isPresent()) {
            out.append(label).append(Bytes.human(bytes.getAsLong()));
        }
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "%-" + LABEL + "s %s\n", label, value));
    }

    private static String clip(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "~";
    }
}
