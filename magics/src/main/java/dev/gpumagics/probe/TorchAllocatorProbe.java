package dev.gpumagics.probe;

import dev.gpumagics.internal.torch.TorchAccess;
import dev.gpumagics.internal.torch.TorchBridge;
import dev.gpumagics.probe.value.AllocatorStats;
import dev.gpumagics.probe.value.CudaDevice;
import dev.gpumagics.probe.value.Probed;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The libtorch CUDA caching allocator's counters, read only where libtorch's CUDA is already in use:
 * asking never loads libtorch and never creates a context.
 */
public final class TorchAllocatorProbe {

    private final Supplier<ClassLoader> notebookClasses;

    public TorchAllocatorProbe(Supplier<ClassLoader> notebookClasses) {
        this.notebookClasses = notebookClasses;
    }

    /** Counters for each CUDA device whose primary context this process holds. */
    public Probed<List<AllocatorStats>> stats(List<CudaDevice> devices) {
        if (!TorchBridge.libtorchLoaded()) {
            return Probed.unavailable("libtorch is not loaded in this process", "");
        }
        if (!TorchBridge.libtorchCudaLoaded()) {
            return Probed.unavailable("libtorch runs on the CPU here (its -gpu natives are not loaded)", "");
        }
        Probed<TorchAccess> torch = TorchBridge.in(notebookClasses.get());
        if (torch instanceof Probed.Unavailable<TorchAccess> missing) {
            return Probed.unavailable(missing.reason(), missing.hint());
        }
        TorchAccess access = torch.asOptional().orElseThrow();
        try {
            if (!access.cudaAllocatorInitialized()) {
                return Probed.unavailable("libtorch has not used CUDA yet in this process", "");
            }
            List<AllocatorStats> stats = new ArrayList<>();
            for (CudaDevice device : devices) {
                if (device.primaryContextActive()) {
                    stats.add(access.allocatorStats(device.ordinal()));
                }
            }
            return Probed.present(stats);
        } catch (RuntimeException | LinkageError e) {
            return Probed.unavailable("libtorch's allocator could not be read: " + e, "");
        }
    }
}
