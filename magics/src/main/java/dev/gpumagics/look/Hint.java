package dev.gpumagics.look;

import java.util.OptionalLong;

/** Something the user can do about one device's memory, with the figure it rests on; {@code report.Hints} words it. */
public sealed interface Hint {

    /** libtorch's allocator caches this much that no tensor uses: {@code %gpufree --cache} gives it back. */
    record CacheToGiveBack(long cachedBytes) implements Hint {}

    /** This much is the CUDA context and the libraries' workspaces, which no cache release frees. */
    record ContextToPark(long contextBytes) implements Hint {}

    /** Without the allocator's counters: {@code %gpususpend} parks all this process holds. */
    record ParkAll(long processBytes) implements Hint {}

    /** This process holds a context but has no row in the driver's process list (a container's pid namespace). */
    record NoProcessRow() implements Hint {}

    /**
     * The driver gives no figure for the device's memory (N/A): a unified-memory device (GB10) shares the host's, and
     * what is left to tensors is what the host has available.
     *
     * @param hostAvailableBytes the host's {@code MemAvailable}, where it could be read
     * @param kernelReservedBytes what libtorch's allocator holds here for this kernel, where it runs here
     */
    record MemoryNotReported(OptionalLong hostAvailableBytes, OptionalLong kernelReservedBytes) implements Hint {}
}
