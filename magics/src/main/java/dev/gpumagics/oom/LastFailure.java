package dev.gpumagics.oom;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The last allocation failure this process saw in a cell, for {@code %gpuwhy} to diagnose again later. */
public final class LastFailure {

    private static final LastFailure PROCESS = new LastFailure();

    private volatile @Nullable AllocationFailure last;

    /** A program that catches failures itself can keep its own; the kernel keeps {@link #ofThisProcess()}. */
    public LastFailure() {}

    /** One per process, as there is one kernel per process. */
    public static LastFailure ofThisProcess() {
        return PROCESS;
    }

    public void remember(AllocationFailure failure) {
        last = failure;
    }

    public Optional<AllocationFailure> get() {
        return Optional.ofNullable(last);
    }
}
