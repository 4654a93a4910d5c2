package dev.gpumagics.internal;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;

/** One garbage collection that returns only once the references it found are queued. */
public final class GarbageCollection {

    private GarbageCollection() {}

    /**
     * System.gc() returns before the reference handler has queued what it found, so JavaCPP's queue may still be
     * empty: this waits (at most 500 ms) until a sentinel of its own, found by the same collection, is queued too.
     */
    public static void collectAndAwaitQueued() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        PhantomReference<Object> sentinel = new PhantomReference<>(new Object(), queue);
        System.gc();
        try {
            queue.remove(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Reference.reachabilityFence(sentinel);
    }
}
