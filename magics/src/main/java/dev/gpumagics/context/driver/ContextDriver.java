package dev.gpumagics.context.driver;

import dev.gpumagics.probe.value.Probed;
import java.util.List;

/** The driver calls behind {@code %gpureset}, made in the process whose context is reset. */
public interface ContextDriver {

    /** {@code cuDriverGetVersion}; unavailable when there is no usable driver. */
    Probed<Integer> driverVersion();

    /** Devices on which this process has an active primary context ({@code cuDevicePrimaryCtxGetState}). */
    Probed<List<Integer>> devicesWithContext();

    /** Destroys this process's primary context on the device and every allocation in it ({@code cudaDeviceReset}). */
    DriverCall resetDevice(int device);
}
