package dev.gpumagics.internal;

import dev.gpumagics.internal.DriverLibraries.Library;
import dev.gpumagics.probe.CudaDevice;
import dev.gpumagics.probe.Probed;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The driver API's context-free questions, answered as values; a failure to link is remembered. */
public final class CudaDriverGateway {

    private static final Object LOCK = new Object();
    private static @Nullable String linkFailure;

    private CudaDriverGateway() {}

    /** CUDA's devices in this process and whether each has this process's primary context. */
    public static Probed<List<CudaDevice>> devices(DriverLibraries libraries) {
        var missing = libraries.firstMissing(Library.DRIVER, Library.CUDART);
        if (missing.isPresent()) {
            return Probed.unavailable(missing.get().soname() + " is not on the library path", "");
        }
        synchronized (LOCK) {
            if (linkFailure != null) {
                return Probed.unavailable(linkFailure, "");
            }
            try {
                return Probed.present(CudaDriver.devices());
            } catch (LinkageError e) {
                linkFailure = "the CUDA driver binding could not load: " + e.getMessage();
                return Probed.unavailable(linkFailure, "");
            } catch (IllegalStateException e) {
                return Probed.unavailable(e.getMessage(), "");
            }
        }
    }
}
