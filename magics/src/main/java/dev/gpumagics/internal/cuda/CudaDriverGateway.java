package dev.gpumagics.internal.cuda;

import dev.gpumagics.internal.cuda.DriverLibraries.Library;
import dev.gpumagics.probe.value.CudaDevice;
import dev.gpumagics.probe.value.Probed;
import java.util.List;

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
            return Probed.unavailable(String.valueOf(e.getMessage()), "");
        }
    }
}
