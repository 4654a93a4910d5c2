package dev.gpumagics.oom;

/** Which allocator refused. */
public enum Source {
    /** libtorch's CUDA caching allocator: {@code CUDA out of memory. Tried to allocate ...}. */
    CUDA_CACHING_ALLOCATOR,
    /** A CUDA runtime, driver or library call that answered out of memory ({@code cudaErrorMemoryAllocation}). */
    CUDA_CALL,
    /** libtorch's CPU allocator: {@code DefaultCPUAllocator: can't allocate memory}. */
    CPU_ALLOCATOR;

    public boolean onGpu() {
        return this != CPU_ALLOCATOR;
    }
}
