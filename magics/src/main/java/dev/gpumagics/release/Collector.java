package dev.gpumagics.release;

import dev.gpumagics.internal.torch.TorchAccess;
import dev.gpumagics.internal.torch.TorchBridge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.bytedeco.javacpp.Pointer;
import org.jspecify.annotations.Nullable;

/**
 * Garbage collection, JavaCPP's pending deallocations, host heap trimming and the CUDA cache, and the
 * memory levels around them. JavaCPP is touched only once libtorch is loaded: before that nothing of
 * it can hold memory, and a kernel that never used torch stays without its natives.
 */
final class Collector {

    private static final Path STATUS = Path.of("/proc/self/status");

    private Collector() {}

    /** Collects until unreachable tensor handles have dropped their references. @return whether the CUDA cache was released */
    static boolean collect(@Nullable TorchAccess torch) {
        // two rounds: the first finds handles, JavaCPP then deallocates them, which may free more
        for (int round = 0; round < 2; round++) {
            System.gc();
            if (TorchBridge.libtorchLoaded()) {
                Pointer.deallocateReferences();
            }
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

    static MemoryLevel measure(@Nullable TorchAccess torch) {
        OptionalLong allocated = OptionalLong.empty();
        OptionalLong reserved = OptionalLong.empty();
        if (torch != null && TorchBridge.libtorchCudaLoaded()) {
            try {
                if (torch.cudaAllocatorInitialized()) {
                    var stats = torch.allocatorStats(0);
                    allocated = OptionalLong.of(stats.allocated().aggregate().currentBytes());
                    reserved = OptionalLong.of(stats.reserved().aggregate().currentBytes());
                }
            } catch (RuntimeException e) {
                // no context on device 0: nothing allocated there to report
            }
        }
        return new MemoryLevel(hostResident(), allocated, reserved);
    }

    /** VmRSS, read directly rather than through JavaCPP so that measuring loads no natives. */
    static OptionalLong hostResident() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String kib = line.substring(6).trim().split("\\s+")[0];
                    return OptionalLong.of(Long.parseLong(kib) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc unreadable: absent, not zero
        }
        return OptionalLong.empty();
    }
}
