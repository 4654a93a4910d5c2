package dev.gpumagics.context;

import dev.gpumagics.internal.torch.TorchAccess;
import dev.gpumagics.internal.torch.TorchBridge;
import java.util.function.Supplier;

/** libtorch as far as the context cares: is its CUDA loaded, and releasing its cache before a suspend. */
public final class TorchCache {

    private TorchCache() {}

    public static boolean libtorchCudaLoaded() {
        return TorchBridge.libtorchCudaLoaded();
    }

    /** Never loads libtorch: a kernel without it releases nothing. */
    public static GpuContext.CacheRelease release(Supplier<ClassLoader> notebookClasses) {
        return () -> {
            if (!TorchBridge.libtorchCudaLoaded()) {
                return false;
            }
            return TorchBridge.in(notebookClasses.get()).asOptional()
                    .filter(TorchAccess::cudaAllocatorInitialized)
                    .map(torch -> {
                        torch.releaseCudaCache();
                        return true;
                    })
                    .orElse(false);
        };
    }
}
