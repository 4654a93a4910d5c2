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
import java.util.OptionalLong;

/** The report as aligned plain text: what a terminal and Jupyter's text/plain show. */
public final class TextReport {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final int LABEL = 34;

    private TextReport() {}

    public static String render(MemoryReport report) {
        StringBuilder out = new StringBuilder();
        out.append("GPU memory at ").append(TIME.format(report.takenAt())).append(", pid ").append(report.pid());
        report.gpuSource().ifPresent(source -> out.append(" (").append(source)
                .append(report.driverVersion().map(v -> ", driver " + v).orElse("")).append(')'));
        out.append('\n');
        report.parked().ifPresent(parked -> out.append("this kernel's GPU state: ").append(ContextText.of(parked)).append('\n'));
        report.gpuUnavailable().ifPresent(line -> out.append(line).append('\n'));
        for (DeviceReport device : report.devices()) {
            device(out, device, report);
        }
        host(out, report.host());
        return out.toString();
    }

    private static void device(StringBuilder out, DeviceReport report, MemoryReport whole) {
        var device = report.device();
        out.append(String.format(Locale.ROOT, "GPU %d: %s   used %s of %s, free %s", device.index(), device.name(),
                Bytes.human(device.usedBytes()), Bytes.human(device.totalBytes()), Bytes.human(device.freeBytes())));
        device.utilizationPercent().ifPresent(u -> out.append(", utilization ").append(u).append('%'));
        out.append('\n');
        KernelUsage kernel = report.kernel();
        if (kernel.processBytes().isEmpty()) {
            row(out, "  this kernel", kernel.contextActive().orElse(false)
                    ? "n/a (holds a context, no row in the driver's list)" : "0 B (no CUDA context here)");
        } else {
            row(out, "  this kernel", Bytes.human(kernel.processBytes()));
            if (kernel.allocator().isPresent()) {
                var allocated = kernel.allocator().get().allocated().aggregate();
                row(out, "    tensors (allocated)", Bytes.human(kernel.tensorsBytes()) + "   peak " + Bytes.human(allocated.peakBytes()));
                row(out, "    cache (reserved, unallocated)", Bytes.human(kernel.cacheBytes()));
                row(out, "    context and libraries", Bytes.human(kernel.contextAndLibrariesBytes()));
            } else {
                whole.allocatorNote().ifPresent(note -> out.append("    no tensor/cache split: ").append(note).append('\n'));
            }
        }
        if (report.othersCount() == 0) {
            row(out, "  other processes", "none");
        } else if (!whole.processesShown()) {
            row(out, "  other processes", Bytes.human(report.othersBytes()) + "   " + report.othersCount()
                    + (report.othersCount() == 1 ? " process" : " processes") + ", not listed (--no-procs)");
        } else {
            row(out, "  other processes", Bytes.human(report.othersBytes()));
            for (OtherProcess other : report.others()) {
                out.append("    ").append(process(other)).append('\n');
                other.kernel().ifPresent(record -> out.append("      ")
                        .append(NeighbourWords.line(record, whole.takenAt(), device.uuid())).append('\n'));
            }
        }
        for (Hint hint : report.hints()) {
            out.append("  hint: ").append(Hints.text(hint)).append('\n');
        }
    }

    static String process(OtherProcess other) {
        ProcessIdentity who = other.identity();
        String used = Bytes.human(other.usedBytes());
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
}
