package dev.gpumagics;

import dev.gpumagics.context.GpuContext;
import dev.gpumagics.context.StillWaiting;
import dev.gpumagics.context.TorchCache;
import dev.gpumagics.context.checkpoint.HelperProcess;
import dev.gpumagics.context.checkpoint.SnapshotFootprint;
import dev.gpumagics.internal.cuda.CudaDriverApi;
import dev.gpumagics.report.ContextText;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** This process's GPU context, wired once with the real parts: the helper JVM, the driver, NVML and libtorch's cache. */
public final class ThisProcess {

    private ThisProcess() {}

    /**
     * The process's one context ({@link GpuContext#ofThisProcess}). A GPU call that must wait for its resume is told so
     * on stderr, read when the line comes: a kernel points stderr at the running cell.
     *
     * @param notebookClasses where the notebook's torch classes live, for releasing libtorch's cache
     */
    public static GpuContext context(Supplier<ClassLoader> notebookClasses) {
        return GpuContext.ofThisProcess(() -> GpuContext.of(ProcessHandle.current().pid(), HelperProcess.forThisJvm(), new CudaDriverApi(),
                SnapshotFootprint.system(), TorchCache.release(notebookClasses), TorchCache::libtorchCudaLoaded, toStderr()));
    }

    /** Each line to wherever System.err points when the line comes: the kernel points it at the running cell. */
    static Consumer<StillWaiting> toStderr() {
        return waiting -> System.err.println(ContextText.waiting(waiting));
    }
}
