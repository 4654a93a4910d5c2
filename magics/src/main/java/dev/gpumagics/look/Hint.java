package dev.gpumagics.look;

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
}
