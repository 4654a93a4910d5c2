package dev.gpumagics.courtesy;

import dev.gpumagics.neighbours.KernelPresence;
import dev.gpumagics.neighbours.KernelState;
import dev.gpumagics.neighbours.OwnGpuUse;
import dev.gpumagics.neighbours.Publication;
import dev.gpumagics.neighbours.RecordShelf;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Our kernel's courtesy to the others on its host, called by the kernel as each cell starts and ends: its record
 * (busy, idle, parked) for the others to read. The calls only set fields; the record is written on a thread of its own.
 */
public final class KernelCourtesy implements AutoCloseable {

    private final Supplier<ClassLoader> notebookClasses;
    private volatile @Nullable KernelPresence presence;

    private KernelCourtesy(Supplier<ClassLoader> notebookClasses) {
        this.notebookClasses = notebookClasses;
    }

    /** @param notebookClasses where the notebook's torch classes are */
    public static KernelCourtesy forThisKernel(Supplier<ClassLoader> notebookClasses) {
        return new KernelCourtesy(notebookClasses);
    }

    /** Publishes this kernel's record, once it serves Jupyter on that connection file. Until then it publishes none. */
    public synchronized void publish(Path connectionFile) {
        if (presence != null) {
            return;
        }
        presence = KernelPresence.start(RecordShelf.system(), "GpuMagics", ThisKernel.kernelId(connectionFile),
                ThisKernel.notebook(System.getenv()), KernelState.IDLE, Optional.empty(), new OwnGpuUse(notebookClasses),
                ThisKernel::parked).orElse(null);
    }

    /** A cell begins. */
    public void cellStarts() {
        KernelPresence now = presence;
        if (now != null) {
            now.cellStarted();
        }
    }

    /** A cell ended, however it ended. */
    public void cellEnds() {
        KernelPresence now = presence;
        if (now != null) {
            now.cellEnded();
        }
    }

    /** Whether the others can read this kernel's record, or why not; empty before {@link #publish}. */
    public Optional<Publication> publication() {
        KernelPresence now = presence;
        return now == null ? Optional.empty() : Optional.of(now.publication());
    }

    @Override
    public synchronized void close() {
        KernelPresence now = presence;
        presence = null;
        if (now != null) {
            now.close();
        }
    }
}
