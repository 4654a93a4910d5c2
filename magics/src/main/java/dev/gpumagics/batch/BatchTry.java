package dev.gpumagics.batch;

import dev.gpumagics.oom.AllocationFailure;
import java.time.Duration;
import java.util.Optional;

/**
 * One run of the step, and what it cost.
 *
 * @param ran how long the step ran before it returned or failed
 * @param failure why it failed, when it ran out of memory; empty when it fitted
 * @param released how long giving memory back took after a failure (garbage collection, JavaCPP's pending
 *     deallocations, libtorch's allocator cache); zero after a fit
 */
public record BatchTry(int batchSize, Duration ran, Optional<AllocationFailure> failure, Duration released) {

    public boolean fitted() {
        return failure.isEmpty();
    }
}
