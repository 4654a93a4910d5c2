package dev.gpumagics.probe;

import dev.gpumagics.internal.CudaDriverGateway;
import dev.gpumagics.internal.DriverLibraries;
import java.util.List;

/**
 * Whether this process holds a CUDA primary context on each device, asked with
 * {@code cuDevicePrimaryCtxGetState}, which, unlike most CUDA calls, does not create one.
 */
public final class CudaContextProbe {

    private final DriverLibraries libraries;

    public CudaContextProbe(DriverLibraries libraries) {
        this.libraries = libraries;
    }

    public Probed<List<CudaDevice>> devices() {
        return CudaDriverGateway.devices(libraries);
    }
}
