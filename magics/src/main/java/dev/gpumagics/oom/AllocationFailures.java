package dev.gpumagics.oom;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds an allocation failure wherever it surfaces. JavaCPP turns libtorch's {@code c10::OutOfMemoryError} into
 * a plain {@code RuntimeException} carrying its text, so the text is the signal; code that catches it may wrap it
 * (a cause) or record it beside another failure (suppressed), so both are searched.
 */
public final class AllocationFailures {

    /** Enough for any real wrapping; bounds a pathological chain (one that builds causes without end). */
    static final int MAX_THROWABLES = 32;

    /** What the JavaCPP cuda preset's calls return for out of memory: cudaErrorMemoryAllocation and CUDA_ERROR_OUT_OF_MEMORY. */
    static final int CUDA_OUT_OF_MEMORY = 2;

    private AllocationFailures() {}

    /**
     * The first allocation failure in {@code thrown}, its causes and their suppressed exceptions, nearest first
     * (causes before suppressed); each throwable is looked at once, however the chain loops back.
     */
    public static Optional<AllocationFailure> in(@Nullable Throwable thrown) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> next = new ArrayDeque<>();
        if (thrown != null) {
            next.add(thrown);
        }
        while (!next.isEmpty() && seen.size() < MAX_THROWABLES) {
            Throwable current = next.poll();
            if (!seen.add(current)) {
                continue;
            }
            Optional<AllocationFailure> found = FailureText.parse(message(current), current.getClass().getName());
            if (found.isPresent()) {
                return found;
            }
            Throwable cause = current.getCause();
            if (cause != null) {
                next.add(cause);
            }
            for (Throwable suppressed : current.getSuppressed()) {
                next.add(suppressed);
            }
        }
        return Optional.empty();
    }

    /** The failure one message tells of, if it tells of one. */
    public static Optional<AllocationFailure> inMessage(@Nullable String message) {
        return FailureText.parse(message, "");
    }

    /**
     * A CUDA runtime call's answer through the JavaCPP cuda preset ({@code cudart.cudaMalloc} and the like
     * return an error code, not an exception): a failure when it is cudaErrorMemoryAllocation.
     */
    public static Optional<AllocationFailure> ofRuntimeCall(String call, int error, OptionalLong requestedBytes) {
        return ofCall(call, error, "cudaErrorMemoryAllocation", requestedBytes);
    }

    /** The same for a driver API call ({@code cuMemAlloc}): a failure when it is CUDA_ERROR_OUT_OF_MEMORY. */
    public static Optional<AllocationFailure> ofDriverCall(String call, int error, OptionalLong requestedBytes) {
        return ofCall(call, error, "CUDA_ERROR_OUT_OF_MEMORY", requestedBytes);
    }

    private static Optional<AllocationFailure> ofCall(String call, int error, String name, OptionalLong requestedBytes) {
        if (error != CUDA_OUT_OF_MEMORY) {
            return Optional.empty();
        }
        return FailureText.parse(call + " returned " + name + " (" + error + ")", "")
                .map(f -> new AllocationFailure(f.source(), f.message(), f.thrownAs(), requestedBytes, f.device(), f.totalBytes(),
                        f.freeBytes(), f.processBytes(), f.allocatedBytes(), f.reservedBytes(), f.cachedBytes(), f.allowedBytes(),
                        f.otherProcesses(), f.allocConfVariable(), f.cudaError()));
    }

    /** A message that throws (a notebook's own exception class may) tells of nothing. */
    private static @Nullable String message(Throwable t) {
        try {
            return t.getMessage();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
