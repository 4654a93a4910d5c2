package dev.gpumagics.internal.torch;

import dev.gpumagics.probe.AllocatorStats;

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
}
