package dev.gpumagics.context;

import dev.gpumagics.probe.Probed;

/** The host memory a checkpoint may fill. */
public interface HostMemory {

    /** {@code MemAvailable} from {@code /proc/meminfo}, in bytes. */
    Probed<Long> availableBytes();
}
