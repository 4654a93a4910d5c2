package dev.gpumagics.probe;

import dev.gpumagics.internal.cuda.CudaDriverGateway;
import dev.gpumagics.internal.cuda.DriverLibraries;
import dev.gpumagics.probe.value.CudaDevice;
import dev.gpumagics.probe.value.Probed;
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
