package dev.gpumagics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.internal.torch.TorchAccess;
import dev.gpumagics.internal.torch.TorchBridge;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.global.torch;

/** Real libtorch (CPU natives) for tests, and the host-memory measurements they check against. */
public final class TorchTesting {

    public static final long MiB = 1024 * 1024;

    private TorchTesting() {}

    /** Loads libtorch (creating one tensor does) and returns the bridge as the engine will see it. */
    public static TorchAccess access() {
        torch.ones(1).close();
        var probed = TorchBridge.in(TorchTesting.class.getClassLoader());
        assertTrue(probed.isPresent(), () -> "torch bridge: " + probed);
        return probed.asOptional().orElseThrow();
    }

    /**
     * Resident memory outside the Java heap ({@link NativeResidentMemory}) once collection has settled: rounds of GC and
     * JavaCPP deallocation until two readings a moment apart agree within 1 MiB, since JavaCPP's deallocator thread frees
     * concurrently with us.
     */
    public static long settledResidentBytes() {
        long last = -1;
        for (int round = 0; round < 20; round++) {
            ReferenceQueue<Object> queue = new ReferenceQueue<>();
            PhantomReference<Object> sentinel = new PhantomReference<>(new Object(), queue);
            System.gc();
            try {
                queue.remove(1000); // the collection's references are queued when our sentinel is
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Reference.reachabilityFence(sentinel);
            Pointer.deallocateReferences();
            Pointer.trimMemory();
            long now = NativeResidentMemory.bytes();
            if (last >= 0 && Math.abs(now - last) < MiB) {
                return now;
            }
            last = now;
        }
        return last;
    }
}
