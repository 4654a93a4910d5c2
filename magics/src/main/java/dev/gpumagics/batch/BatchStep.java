package dev.gpumagics.batch;

/** One step of work at a given batch size (a forward and backward pass, an inference over one chunk). */
@FunctionalInterface
public interface BatchStep<T> {

    /** Runs the step; an allocation failure may surface as any exception, wrapped or not. */
    T run(int batchSize);
}
