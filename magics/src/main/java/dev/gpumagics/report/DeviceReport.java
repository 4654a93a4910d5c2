package dev.gpumagics.report;

import dev.gpumagics.probe.DeviceMemory;
import java.util.List;
import java.util.OptionalLong;

/**
 * One device in a report.
 *
 * @param others the other compute processes, largest first; empty when processes were not asked for
 * @param hints what the user can do, one sentence each
 */
public record DeviceReport(DeviceMemory device, KernelUsage kernel, List<OtherProcess> others, List<String> hints) {

    public DeviceReport {
        others = List.copyOf(others);
        hints = List.copyOf(hints);
    }

    /** Bytes the other processes hold, as far as the driver tells. */
    public long othersBytes() {
        return others.stream().map(OtherProcess::usedBytes).filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong).sum();
    }
}
