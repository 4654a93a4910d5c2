package dev.gpumagics.idle;

import dev.gpumagics.context.ContextOutcome;
import dev.gpumagics.context.ContextStatus;
import dev.gpumagics.context.GpuContext;
import dev.gpumagics.internal.cuda.DriverLibraries;
import dev.gpumagics.internal.cuda.DriverLibraries.Library;
import dev.gpumagics.release.GcOutcome;
import dev.gpumagics.release.MemoryRelease;
import java.util.Optional;

/** The two steps the policy takes, and the resume before the next cell: the engine's own, {@code %gpugc}'s and {@code %gpususpend}'s. */
public interface IdleSteps {

    /** What {@code %gpugc} does: collection, JavaCPP's pending deallocations, libtorch's cache, cuBLAS workspaces. */
    GcOutcome release();

    /** What {@code %gpususpend} does: the whole GPU state parked in host memory. */
    ContextOutcome suspend();

    /** Brings a parked state back; empty when there was nothing to do. */
    Optional<ContextOutcome> resume();

    /** Whether the GPU state is parked now. */
    boolean parked();

    /** Why the suspend step can park nothing here, where that is known without trying (no NVIDIA driver). */
    Optional<String> suspendUnavailable();

    /** Through this process's release and its one GPU context. */
    static IdleSteps of(MemoryRelease release, GpuContext context) {
        return new IdleSteps() {
            @Override
            public GcOutcome release() {
                return release.collect();
            }

            @Override
            public ContextOutcome suspend() {
                return context.suspend();
            }

            @Override
            public Optional<ContextOutcome> resume() {
                return context.ensureResumed();
            }

            @Override
            public boolean parked() {
                return !(context.status() instanceof ContextStatus.Running);
            }

            @Override
            public Optional<String> suspendUnavailable() {
                return DriverLibraries.system().firstMissing(Library.DRIVER)
                        .map(missing -> "no NVIDIA driver (" + missing.soname() + " is not on the library path)");
            }
        };
    }
}
