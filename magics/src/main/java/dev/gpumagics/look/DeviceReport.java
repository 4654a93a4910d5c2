package dev.gpumagics.look;

import dev.gpumagics.probe.value.DeviceMemory;
import java.util.List;
import java.util.OptionalLong;

/**
 * One device in a report.
 *
 * @param others the other compute processes, largest first; empty when processes were not asked for
 * @param othersBytes bytes the other processes hold, as far as the driver tells, whether or not they are listed
 * @param othersCount how many other processes the driver lists on this device, whether or not they are listed here
 * @param hints what the user can do, with the figures it rests on
 */
public record DeviceReport(DeviceMemory device, KernelUsage kernel, List<OtherProcess> others, long othersBytes, int othersCount,
        List<Hint> hints) {

    public DeviceReport {
        others = List.copyOf(others);
        hints = List.copyOf(hints);
    }

    /** A device whose other processes are all listed: their total and count come from the list. */
    public DeviceReport(DeviceMemory device, KernelUsage kernel, List<OtherProcess> others, List<Hint> hints) {
        this(device, kernel, others, sum(others), others.size(), hints);
    }

    /** Used memory that is neither this kernel's nor a listed process's: the driver's own, and processes it does not list. */
    public long otherUsedBytes() {
        return Math.max(0, device.usedBytes() - kernel.processBytes().orElse(0) - othersBytes);
    }

    private static long sum(List<OtherProcess> others) {
        return others.stream().map(OtherProcess::usedBytes).filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong).sum();
    }
}
