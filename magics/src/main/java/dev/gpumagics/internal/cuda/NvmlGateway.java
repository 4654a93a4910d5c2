package dev.gpumagics.internal.cuda;

import dev.gpumagics.internal.cuda.DriverLibraries.Library;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.Probed;
import java.util.Map;

/**
 * Every NVML call goes through here: the libraries are checked before the binding is touched, the
 * binding is loaded ({@link CudaLoad}, which remembers a failure to link) and initialised once, and
 * a failure to reach the driver becomes an {@link Probed.Unavailable} with a hint, never an exception. A device that
 * does not give one value gives the others: {@link NvmlReading} reads field by field.
 */
public final class NvmlGateway {

    private static final Object LOCK = new Object();
    private static boolean initialized;

    private NvmlGateway() {}

    public static Probed<GpuSnapshot> snapshot(DriverLibraries libraries) {
        Probed<Boolean> ready = ready(libraries);
        if (ready instanceof Probed.Unavailable<Boolean> missing) {
            return Probed.unavailable(missing.reason(), missing.hint());
        }
        try {
            return Probed.present(NvmlReading.snapshot(new Nvml()));
        } catch (NvmlException e) {
            return Probed.unavailable(String.valueOf(e.getMessage()), "");
        }
    }

    /** The highest SM utilization NVML sampled for the process on each device since then (see {@link NvmlReading#processSmPercent}). */
    public static Probed<Map<Integer, Integer>> processSmPercent(DriverLibraries libraries, long pid, long sinceMicros) {
        Probed<Boolean> ready = ready(libraries);
        if (ready instanceof Probed.Unavailable<Boolean> missing) {
            return Probed.unavailable(missing.reason(), missing.hint());
        }
        try {
            return Probed.present(NvmlReading.processSmPercent(new Nvml(), pid, sinceMicros));
        } catch (NvmlException e) {
            return Probed.unavailable(String.valueOf(e.getMessage()), "");
        }
    }

    private static Probed<Boolean> ready(DriverLibraries libraries) {
        if (!libraries.has(Library.NVML)) {
            return Probed.unavailable("no NVIDIA driver found (" + Library.NVML.soname() + " is not on the library path)",
                    "on a GPU server, install the NVIDIA driver");
        }
        var missing = libraries.firstMissing(Library.DRIVER, Library.CUDART);
        if (missing.isPresent()) {
            return Probed.unavailable("the NVML binding needs " + missing.get().soname() + ", which is not on the library path",
                    missing.get() == Library.CUDART
                            ? "install the CUDA 13 runtime and put its lib directory on LD_LIBRARY_PATH"
                            : "reinstall the NVIDIA driver");
        }
        Probed<Boolean> linked = CudaLoad.nvml();
        if (!linked.isPresent()) {
            return linked;
        }
        synchronized (LOCK) {
            if (initialized) {
                return Probed.present(true);
            }
            try {
                Nvml.init();
                initialized = true;
                return Probed.present(true);
            } catch (NvmlException e) {
                // No GPU visible, or the kernel module is not loaded: worth asking again next time.
                return Probed.unavailable(String.valueOf(e.getMessage()), "");
            }
        }
    }
}
