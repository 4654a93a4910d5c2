package dev.gpumagics.internal.cuda;

import dev.gpumagics.internal.DriverLibraries;
import dev.gpumagics.internal.DriverLibraries.Library;
import dev.gpumagics.probe.Probed;
import java.util.Optional;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.nvml;

/**
 * Loads the preset's JNI libraries at most once each. A failed load of a JavaCPP class throws
 * UnsatisfiedLinkError the first time and NoClassDefFoundError ever after, so the first answer is
 * kept and every later caller gets it as a value.
 */
final class CudaLoad {

    private CudaLoad() {}

    private static final class Cudart {
        static final Probed<Boolean> LOADED = load("org.bytedeco.cuda.global.cudart", new Library[] {Library.DRIVER, Library.CUDART},
                "libcudart.so.13 (CUDA 13) and libcuda.so.1 (the NVIDIA driver) must be loadable: put CUDA 13's lib directory on LD_LIBRARY_PATH");
    }

    private static final class Nvml {
        static final Probed<Boolean> LOADED = load("org.bytedeco.cuda.global.nvml", new Library[] {Library.NVML, Library.DRIVER, Library.CUDART},
                "libnvidia-ml.so.1 comes with the NVIDIA driver");
    }

    /** The driver API and cudart, as {@code org.bytedeco.cuda.global.cudart} maps them. */
    static Probed<Boolean> cudart() {
        return Cudart.LOADED;
    }

    /** NVML. */
    static Probed<Boolean> nvml() {
        return Nvml.LOADED;
    }

    private static Probed<Boolean> load(String className, Library[] needed, String hint) {
        // asked first, so the common case (no driver) never reaches the class: see DriverLibraries
        Optional<Library> missing = DriverLibraries.system().firstMissing(needed);
        if (missing.isPresent()) {
            return Probed.unavailable("the CUDA libraries could not be loaded (" + missing.get().soname()
                    + " is not on the library path)", hint);
        }
        try {
            // Loader.load on the class, not the class's first use, so the error is caught here once
            Class<?> preset = className.endsWith("cudart") ? cudart.class : nvml.class;
            Loader.load(preset);
            return Probed.present(Boolean.TRUE);
        } catch (LinkageError | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Probed.unavailable("the CUDA libraries could not be loaded (" + firstLine(message) + ")", hint);
        }
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
