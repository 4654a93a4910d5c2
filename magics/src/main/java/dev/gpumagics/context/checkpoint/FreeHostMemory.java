package dev.gpumagics.context.checkpoint;

import dev.gpumagics.probe.HostMemoryProbe;
import dev.gpumagics.probe.value.Probed;

/** The host memory a checkpoint may fill. */
public interface FreeHostMemory {

    /** {@code MemAvailable} from {@code /proc/meminfo}, in bytes. */
    Probed<Long> availableBytes();

    /** This machine's, through the host probe. */
    static FreeHostMemory system() {
        return () -> {
            var available = HostMemoryProbe.system().read().availableBytes();
            return available.isPresent() ? Probed.present(available.getAsLong())
                    : Probed.unavailable("/proc/meminfo has no readable MemAvailable", "");
        };
    }
}
