package dev.gpumagics.courtesy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The heap trim: one collection per idle spell, none while cells follow each other, a real full collection. */
class HeapTrimTest {

    @Test
    void anIdleSpellGetsOneCollectionAfterItsDelay() throws InterruptedException {
        Semaphore collections = new Semaphore(0);
        try (HeapTrim trim = new HeapTrim(Duration.ofMillis(50), collections::release)) {
            trim.cellStarts();
            trim.cellEnds();
            assertTrue(collections.tryAcquire(10, TimeUnit.SECONDS), "the idle kernel collected");
            Thread.sleep(300);
            assertEquals(0, collections.availablePermits(), "one collection per idle spell, not one per delay");
        }
    }

    @Test
    void aCellThatStartsBeforeTheDelayCancelsTheCollection() throws InterruptedException {
        Semaphore collections = new Semaphore(0);
        try (HeapTrim trim = new HeapTrim(Duration.ofSeconds(1), collections::release)) {
            for (int cell = 0; cell < 5; cell++) {
                trim.cellStarts();
                trim.cellEnds();
            }
            trim.cellStarts();
            Thread.sleep(1500);
            assertEquals(0, collections.availablePermits(), "a running cell is never collected under");
        }
    }

    @Test
    void closingCancelsWhatIsDue() throws InterruptedException {
        Semaphore collections = new Semaphore(0);
        HeapTrim trim = new HeapTrim(Duration.ofMillis(200), collections::release);
        trim.cellEnds();
        trim.close();
        trim.cellEnds();
        Thread.sleep(600);
        assertEquals(0, collections.availablePermits());
    }

    @Test
    void theKernelsTrimIsAFullCollection() throws InterruptedException {
        long before = collections();
        Semaphore done = new Semaphore(0);
        Runnable kernels = () -> {
            HeapTrim.forThisKernelCollection().run();
            done.release();
        };
        try (HeapTrim trim = new HeapTrim(Duration.ofMillis(10), kernels)) {
            trim.cellEnds();
            assertTrue(done.tryAcquire(10, TimeUnit.SECONDS));
        }
        assertTrue(collections() > before, "a collection was counted");
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }
}
