package dev.gpumagics.internal.cuda;

import dev.gpumagics.internal.cuda.DriverLibraries.Library;
import dev.gpumagics.probe.value.Probed;
import java.util.Optional;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.nvml;
import org.bytedeco.javacpp.Loader;

/**
 * Loads the preset's JNI libraries at most once each. A failed load of a JavaCPP class throws
 * UnsatisfiedLinkError the first time and NoClassDefFoundError ever after, so the first answer is
 * kept and every later caller gets it as a value.
 */
public final class CudaLoad {

    /**
     * What to do where the driver library is missing, the same for every caller; one that needs a newer
     * driver than any (suspend: 570) adds that itself.
     */
    public static final String INSTALL_DRIVER = "on a GPU server, install the NVIDIA driver";

    private CudaLoad() {}

    private static final class Cudart {
        static final Probed<Boolean> LOADED = load("org.bytedeco.cuda.global.cudart", new Library[] {Library.DRIVER, Library.CUDART});
    }

    private static final class Nvml {
        static final Probed<Boolean> LOADED = load("org.bytedeco.cuda.global.nvml", new Library[] {Library.NVML, Library.DRIVER, Library.CUDART});
    }

    /** The driver API and cudart, as {@code org.bytedeco.cuda.global.cudart} maps them. */
    public static Probed<Boolean> cudart() {
        return Cudart.LOADED;
    }

    /** NVML. */
    public static Probed<Boolean> nvml() {
        return Nvml.LOADED;
    }

    private static Probed<Boolean> load(String className, Library[] needed) {
        // asked first, so the common case (no driver) never reaches the class: see DriverLibraries
        Optional<Library> missing = DriverLibraries.system().firstMissing(needed);
        if (missing.isPresent()) {
            return Probed.unavailable(missing.get().soname() + " is not on the library path", hint(missing.get()));
        }
        try {
            // Loader.load on the class, not the class's first use, so the error is caught here once
            Class<?> preset = className.endsWith("cudart") ? cudart.class : nvml.class;
            Loader.load(preset);
            return Probed.present(Boolean.TRUE);
        } catch (LinkageError | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Probed.unavailable("the CUDA binding could not load: " + firstLine(message), hint(Library.CUDART));
        }
    }

    private static String hint(Library missing) {
        return missing == Library.CUDART
                ? "install the CUDA 13 runtime and put its lib directory on LD_LIBRARY_PATH"
                : INSTALL_DRIVER;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
