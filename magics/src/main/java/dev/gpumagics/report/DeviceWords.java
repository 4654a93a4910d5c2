package dev.gpumagics.report;

import dev.gpumagics.look.DeviceReport;
import dev.gpumagics.look.MemoryReport;
import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.units.Bytes;
import java.util.Optional;

/**
 * A device's words, the same in every renderer: its label ("GPU 0", "GPU 0:1" for a MIG instance, as {@code --device}
 * takes it), its name, and the short figures of the one-line-a-device view; what the driver does not give reads "N/A".
 */
final class DeviceWords {

    /** Above this many devices a report gives one line a device and the full breakdown only where memory is held. */
    static final int FULL_UP_TO = 2;
    static final String NOT_AVAILABLE = "N/A";

    private DeviceWords() {}

    static String label(DeviceId id) {
        return "GPU " + id;
    }

    static String name(Optional<String> name) {
        return name.orElse(NOT_AVAILABLE);
    }

    /**
     * The name in the one-line-a-device view: a MIG instance's row sits under its GPU's, so its profile ("MIG 3g.40gb")
     * says the rest.
     */
    static String shortName(DeviceReport device) {
        String name = name(device.device().name());
        int mig = name.indexOf("MIG ");
        return device.device().id().isMig() && mig > 0 ? name.substring(mig) : name;
    }

    /**
     * Whether the report is one line a device, with the full breakdown only for the devices in use: not where one device
     * was asked for, even a GPU with its MIG instances.
     */
    static boolean compact(MemoryReport report) {
        return report.options().device().isEmpty() && report.devices().size() > FULL_UP_TO;
    }

    /** Whether a device gets its full breakdown. */
    static boolean full(MemoryReport report, DeviceReport device) {
        return !compact(report) || device.inUse();
    }

    /** "1.20 GiB / 79.6 GiB", or N/A for what the driver does not give. */
    static String usedOfTotal(DeviceReport device) {
        return Bytes.human(device.device().usedBytes()) + " / " + Bytes.human(device.device().totalBytes());
    }

    /** This kernel's share, or "-" where it holds nothing there. */
    static String kernelShare(DeviceReport device) {
        return device.kernel().holdsAny() ? Bytes.human(device.kernel().heldBytes()) : "-";
    }

    /** The other processes' share and how many, "-" for none, N/A where the driver did not list them. */
    static String othersShare(DeviceReport device) {
        if (!device.processesListed()) {
            return NOT_AVAILABLE;
        }
        if (device.othersCount() == 0) {
            return "-";
        }
        return Bytes.human(device.othersBytes()) + " (" + device.othersCount() + ")";
    }

    /** "cuda:1 here", where this kernel's CUDA numbers the device otherwise than the driver (CUDA_VISIBLE_DEVICES, MIG). */
    static Optional<String> cudaName(DeviceReport device) {
        var ordinal = device.kernel().cudaOrdinal();
        if (ordinal.isEmpty() || (!device.device().id().isMig() && ordinal.getAsInt() == device.device().id().gpu())) {
            return Optional.empty();
        }
        return Optional.of("cuda:" + ordinal.getAsInt() + " here");
    }

    static String utilization(DeviceReport device) {
        return device.device().utilizationPercent().isPresent() ? device.device().utilizationPercent().getAsInt() + "%" : NOT_AVAILABLE;
    }
}
