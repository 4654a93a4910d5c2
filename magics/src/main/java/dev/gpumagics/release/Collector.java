package dev.gpumagics.release;

import dev.gpumagics.internal.GarbageCollection;
import dev.gpumagics.internal.cuda.DriverLibraries;
import dev.gpumagics.internal.torch.TorchAccess;
import dev.gpumagics.internal.torch.TorchBridge;
import dev.gpumagics.probe.CudaContextProbe;
import dev.gpumagics.probe.HostMemoryProbe;
import dev.gpumagics.probe.value.AllocatorStats;
import dev.gpumagics.probe.value.CudaDevice;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.jspecify.annotations.Nullable;

/**
 * Garbage collection, JavaCPP's pending deallocations, host heap trimming and the CUDA cache, and the
 * memory levels around them. JavaCPP is touched only once libtorch is loaded: before that nothing of
 * it can hold memory, and a kernel that never used torch stays without its natives.
 */
final class Collector {

    /** Which devices hold this process's context: asked without creating one. */
    private static final CudaContextProbe CONTEXTS = new CudaContextProbe(DriverLibraries.system());

    private Collector() {}

    /** Collects until unreachable tensor handles have dropped their references. @return whether the CUDA cache was released */
    static boolean collect(@Nullable TorchAccess torch) {
        // rounds until JavaCPP's count of live native objects settles: a deallocated handle may have been the
        // last reference to others, and JavaCPP's own deallocator thread may be freeing some concurrently
        long live = -1;
        for (int round = 0; round < 10; round++) {
            GarbageCollection.collectAndAwaitQueued();
            if (!TorchBridge.libtorchLoaded()) {
                break;
            }
            Pointer.deallocateReferences();
            long now = Pointer.totalCount();
            if (now == live) {
                break;
            }
            live = now;
        }
        if (TorchBridge.libtorchLoaded()) {
            // glibc keeps freed blocks of the heap; trimming hands them to the kernel so RSS shows the release
            Pointer.trimMemory();
        }
        if (torch != null && TorchBridge.libtorchCudaLoaded() && torch.cudaAllocatorInitialized()) {
            torch.releaseCudaCache();
            return true;
        }
        return false;
    }

    /** The host's resident set, and libtorch's counters on every device whose primary context this process holds. */
    static MemoryLevel measure(@Nullable TorchAccess torch) {
        List<MemoryLevel.DeviceLevel> devices = new ArrayList<>();
        if (torch != null && TorchBridge.libtorchCudaLoaded()) {
            try {
                if (torch.cudaAllocatorInitialized()) {
                    for (CudaDevice device : CONTEXTS.devices().asOptional().orElse(List.of())) {
                        if (device.primaryContextActive()) {
                            AllocatorStats stats = torch.allocatorStats(device.ordinal());
                            devices.add(new MemoryLevel.DeviceLevel(device.ordinal(), stats.allocated().aggregate().currentBytes(),
                                    stats.reserved().aggregate().currentBytes()));
                        }
                    }
                }
            } catch (RuntimeException e) {
                // a device whose counters cannot be read now holds nothing this release could report
            }
        }
        return new MemoryLevel(HostMemoryProbe.system().residentBytes(), devices);
    }
}
