package dev.gpumagics.report;

import dev.gpumagics.neighbours.ShelfListing;
import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.Probed;
import dev.gpumagics.units.Bytes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One screen of {@code top}: a heading, each GPU's memory, then every GpuMagics kernel on the host, as {@code kernels} lists them. */
public final class TopScreen {

    private TopScreen() {}

    /** @param gpus the devices as read for this screen; a line saying why where they could not be */
    public static List<String> lines(String host, Instant now, Probed<GpuSnapshot> gpus, ShelfListing listing, Path parent) {
        List<String> lines = new ArrayList<>();
        lines.add("GpuMagics kernels on " + host + " at " + TextReport.TIME.format(now) + ", every 1 s (q quits)");
        if (gpus instanceof Probed.Unavailable<GpuSnapshot> missing) {
            lines.add("GPUs: " + missing.reason());
        } else {
            for (DeviceMemory device : gpus.asOptional().orElseThrow().devices()) {
                lines.add(String.format(Locale.ROOT, "GPU %s  %s  used %s of %s%s", device.id(), device.name().orElse("?"), Bytes.human(device.usedBytes()),
                        Bytes.human(device.totalBytes()), device.utilizationPercent().isPresent()
                                ? ", utilization " + device.utilizationPercent().getAsInt() + "%" : ""));
            }
        }
        lines.add("");
        lines.addAll(KernelsTable.lines(listing, parent, now));
        return lines;
    }
}
