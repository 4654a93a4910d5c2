package dev.gpumagics.internal;

import dev.gpumagics.internal.DriverLibraries.Library;
import dev.gpumagics.probe.CudaDevice;
import dev.gpumagics.probe.Probed;
import java.util.List;
import dev.gpumagics.internal.cuda.CudaLoad;

/** The driver API's context-free questions, answered as values; {@link CudaLoad} links the binding once. */
public final class CudaDriverGateway {

    private CudaDriverGateway() {}

    /** CUDA's devices in this process and whether each has this process's primary context. */
    public static Probed<List<CudaDevice>> devices(DriverLibraries libraries) {
        var missing = libraries.firstMissing(Library.DRIVER, Library.CUDART);
        if (missing.isPresent()) {
            return Probed.unavailable(missing.get().soname() + " is not on the library path", "");
        }
        Probed<Boolean> linked = CudaLoad.cudart();
        if (!linked.isPresent()) {
            return linked.map(ok -> List.of());
        }
        try {
            return Probed.present(CudaDriver.devices());
        } catch (IllegalStateException e) {
            return Probed.unavailable(e.getMessage(), "");
        }
    }
}
