package dev.gpumagics.internal.torch;

import dev.gpumagics.probe.value.AllocatorStats;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the engine asks of libtorch. Implemented by glue linked against whichever torch classes the
 * notebook has, so it speaks only in the engine's own types.
 */
public interface TorchAccess {

    /** The libtorch CUDA caching allocator's counters for one device whose context exists. */
    AllocatorStats allocatorStats(int deviceIndex);

    /** Whether libtorch's CUDA allocator has been set up in this process. */
    boolean cudaAllocatorInitialized();

    /** Releases the allocator's cached blocks and cuBLAS workspaces back to CUDA. */
    void releaseCudaCache();

    /** Sets the allocator's peak counters of one device back to their current values ({@code reset_peak_memory_stats}). */
    void resetPeakStats(int deviceIndex);

    /** Whether autograd records operations on the calling thread (libtorch's grad mode is per thread). */
    boolean gradEnabled();

    /** Turns autograd's recording on or off for the calling thread. */
    void setGradEnabled(boolean enabled);

    // ---- what variables hold, and giving it back (issue 4) ----

    /** Which torch object this is; answers NONE for anything that is not a torch class, without touching libtorch. */
    TorchKind kindOf(Object value);

    /**
     * What one tensor handle holds, or empty when the handle is closed or the tensor undefined.
     *
     * @param withShape whether to read the shape too (a few more native calls; only top-level tensors need it)
     */
    Optional<TensorFacts> tensor(Object tensor, boolean withShape);

    /** The tensors a module (parameters and buffers, recursively, with their gradients) or an optimizer (its parameter groups, with gradients) holds. */
    List<TensorFacts> contents(Object moduleOrOptimizer);

    /**
     * Takes one extra reference on each wanted storage that this tensor, module or optimizer reaches, so that
     * after everything else was dropped the engine can ask whether anything beyond the hold still keeps it.
     */
    Map<Long, StorageHold> hold(Object torchObject, Set<Long> wantedStorageKeys);

    /** Drops the Java handle's reference (tensor, module or optimizer); later use is a NullPointerException, never a crash. */
    void close(Object torchObject);

    /** A host-memory copy of the tensor (a new handle; the old one is untouched). */
    Object tensorToCpu(Object tensor);

    /** Moves a module's parameters and buffers to host memory in place (handles stay valid). */
    void moduleToCpu(Object module);
}
