package dev.gpumagics.internal.torch;

import dev.gpumagics.probe.value.Probed;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.bytedeco.javacpp.Loader;

/**
 * Reaches libtorch through the notebook's own class loader, so that the torch classes the magics use
 * are the ones the notebook added (with {@code %maven}, any 2.x version), and never loads libtorch
 * itself: a kernel that never touched torch stays without it.
 */
public final class TorchBridge {

    private static final String GLUE_PACKAGE = TorchBridge.class.getPackageName() + ".glue.";
    private static final String GLUE_CLASS = GLUE_PACKAGE + "TorchGlue";
    private static final Map<ClassLoader, TorchAccess> BRIDGES = Collections.synchronizedMap(new WeakHashMap<>());

    private TorchBridge() {}

    /** libtorch as the notebook sees it, or why it is not there. */
    public static Probed<TorchAccess> in(ClassLoader notebookLoader) {
        if (!libtorchLoaded()) {
            return Probed.unavailable("libtorch is not loaded in this process", "");
        }
        if (notebookLoader.getResource("org/bytedeco/pytorch/global/torch.class") == null) {
            return Probed.unavailable("libtorch is loaded, but not from the notebook's class loader", "");
        }
        try {
            return Probed.present(BRIDGES.computeIfAbsent(notebookLoader, TorchBridge::newGlue));
        } catch (LinkageError | IllegalStateException e) {
            return Probed.unavailable("the notebook's libtorch classes do not fit GpuMagics: " + e, 
                    "use org.bytedeco:pytorch 2.x");
        }
    }

    /** True once JavaCPP has loaded libtorch's JNI library in this process, by any class loader. */
    public static boolean libtorchLoaded() {
        return Loader.getLoadedLibraries().keySet().stream().anyMatch(name -> name.contains("jnitorch"));
    }

    /** True once libtorch's CUDA libraries (the -gpu natives) are loaded in this process. */
    public static boolean libtorchCudaLoaded() {
        return Loader.getLoadedLibraries().keySet().stream()
                .anyMatch(name -> name.contains("torch_cuda") || name.contains("c10_cuda"));
    }

    private static TorchAccess newGlue(ClassLoader notebookLoader) {
        try {
            Class<?> glue = Class.forName(GLUE_CLASS, true, new GlueLoader(notebookLoader));
            return (TorchAccess) glue.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Defines the glue classes itself (child first), hands GpuMagics' own classes to the loader that
     * loaded this one, and everything else (torch, JavaCPP) to the notebook's loader.
     */
    private static final class GlueLoader extends ClassLoader {
        private final ClassLoader own = TorchBridge.class.getClassLoader();

        GlueLoader(ClassLoader notebookLoader) {
            super("gpumagics-torch-glue", notebookLoader);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    if (name.startsWith(GLUE_PACKAGE)) {
                        loaded = defineGlue(name);
                    } else if (name.startsWith("dev.gpumagics.")) {
                        loaded = own.loadClass(name);
                    } else {
                        loaded = getParent().loadClass(name);
                    }
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }

        private Class<?> defineGlue(String name) throws ClassNotFoundException {
            String resource = name.replace('.', '/') + ".class";
            try (InputStream in = own.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }
}
