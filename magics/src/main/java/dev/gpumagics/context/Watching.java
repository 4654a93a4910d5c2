package dev.gpumagics.context;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * How a parked process watches for GPU calls (see {@link TouchWatch}).
 *
 * @param period how often the threads are looked at
 * @param samples how many looks in a row a thread must sit in the same native method
 * @param retryAfter how long a GPU call waits before its resume is tried again, when one found too little free
 *     device memory or failed
 * @param waiting told once per park when a GPU call has to wait; the kernel's stderr lands in the running cell,
 *     which is the only place the user can see while that cell waits
 */
public record Watching(TouchWatch.Sampler threads, Duration period, int samples, Duration retryAfter, Consumer<StillWaiting> waiting) {

    /** Every live Java thread, looked at every 50 ms, a resume tried again every 5 s. */
    public static Watching liveThreads(Consumer<StillWaiting> waiting) {
        return new Watching(TouchWatch.liveThreads(), Duration.ofMillis(50), 3, Duration.ofSeconds(5), waiting);
    }
}
