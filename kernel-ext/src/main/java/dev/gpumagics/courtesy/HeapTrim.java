package dev.gpumagics.courtesy;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One full collection once the kernel has sat a while without a cell, so that its heap is given back while idle.
 * The kernel's collector (SerialGC) shrinks the heap to {@code MaxHeapFreeRatio} only at a full collection, and a
 * kernel waiting for its next cell makes none: without this, what the last busy cells committed stays resident all night.
 * Once per idle spell: the next cell's start cancels a collection not yet made, and its end schedules the next.
 */
final class HeapTrim implements AutoCloseable {

    /** Long enough that a notebook's run of cells makes no collection between them; short against an idle night. */
    static final Duration AFTER = Duration.ofSeconds(60);

    private final Duration after;
    private final Runnable collection;
    private final ScheduledExecutorService timer;
    private @Nullable ScheduledFuture<?> due;

    HeapTrim(Duration after, Runnable collection) {
        this.after = after;
        this.collection = collection;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "gpumagics-heap-trim");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The heap trim our kernel runs: {@link System#gc()} after {@link #AFTER} without a cell. */
    static HeapTrim forThisKernel() {
        return new HeapTrim(AFTER, forThisKernelCollection());
    }

    /** A full collection: {@link System#gc()} is one under every collector the kernelspec may choose, Serial's included. */
    static Runnable forThisKernelCollection() {
        return System::gc;
    }

    synchronized void cellStarts() {
        if (due != null) {
            due.cancel(false);
            due = null;
        }
    }

    synchronized void cellEnds() {
        cellStarts();
        if (!timer.isShutdown()) {
            due = timer.schedule(collection, after.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void close() {
        cellStarts();
        timer.shutdownNow();
    }
}
