package dev.gpumagics.look;

import dev.gpumagics.probe.value.DeviceMemory;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

/**
 * One device in a report.
 *
 * @param others the other compute processes, largest first; empty when processes were not asked for
 * @param othersBytes bytes the other processes hold, as far as the driver tells, whether or not they are listed; absent
 *     where none of their rows carries a figure
 * @param othersCount how many other processes the driver lists on this device, whether or not they are listed here
 * @param processesListed whether the driver gave this device's process list at all: where not, the others are unknown, not none
 * @param hints what the user can do, with the figures it rests on
 */
public record DeviceReport(DeviceMemory device, KernelUsage kernel, List<OtherProcess> others, OptionalLong othersBytes, int othersCount,
        boolean processesListed, List<Hint> hints) {

    public DeviceReport {
        others = List.copyOf(others);
        hints = List.copyOf(hints);
    }

    /** A device whose other processes are all listed: their total and count come from the list. */
    public DeviceReport(DeviceMemory device, KernelUsage kernel, List<OtherProcess> others, List<Hint> hints) {
        this(device, kernel, others, sum(others), others.size(), true, hints);
    }

    /**
     * Used memory that is neither this kernel's nor a listed process's: the driver's own, and processes it does not
     * list. Absent where the device does not say what is used.
     */
    public OptionalLong otherUsedBytes() {
        if (device.usedBytes().isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, device.usedBytes().getAsLong() - kernel.processBytes().orElse(0) - othersBytes.orElse(0)));
    }

    /** Whether anyone holds memory here, this kernel or another process: such a device gets the full breakdown. */
    public boolean inUse() {
        return kernel.holdsAny() || othersCount > 0 || !processesListed;
    }

    /** The sum of the figures the rows carry; absent where none carries one. */
    public static OptionalLong sum(List<OptionalLong> figures) {
        List<OptionalLong> known = figures.stream().filter(OptionalLong::isPresent).toList();
        return known.isEmpty() ? OptionalLong.empty() : OptionalLong.of(known.stream().mapToLong(OptionalLong::getAsLong).sum());
    }

    private static OptionalLong sum(Collection<OtherProcess> others) {
        return sum(others.stream().map(OtherProcess::usedBytes).toList());
    }
}
