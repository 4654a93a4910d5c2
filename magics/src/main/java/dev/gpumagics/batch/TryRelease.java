package dev.gpumagics.batch;

import dev.gpumagics.internal.GarbageCollection;
import dev.gpumagics.internal.torch.TorchAccess;
import dev.gpumagics.internal.torch.TorchBridge;
import java.util.function.Supplier;
import org.bytedeco.javacpp.Pointer;

/**
 * Gives back what a failed try left: the Java handles of its temporaries are garbage at once, so one collection,
 * JavaCPP's pending deallocations and libtorch's CUDA cache suffice. Lighter than {@code %gpugc}, which collects
 * until JavaCPP's count settles and measures before and after: a search may fail a dozen times.
 */
final class TryRelease implements Runnable {

    private final Supplier<ClassLoader> notebookClasses;

    TryRelease(Supplier<ClassLoader> notebookClasses) {
        this.notebookClasses = notebookClasses;
    }

    @Override
    public void run() {
        GarbageCollection.collectAndAwaitQueued();
        if (!TorchBridge.libtorchLoaded()) {
            return;
        }
        Pointer.deallocateReferences();
        if (TorchBridge.libtorchCudaLoaded()) {
            TorchBridge.in(notebookClasses.get()).asOptional().filter(TorchAccess::cudaAllocatorInitialized)
                    .ifPresent(TorchAccess::releaseCudaCache);
        }
    }
}
