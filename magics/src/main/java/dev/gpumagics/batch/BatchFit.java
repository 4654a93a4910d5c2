package dev.gpumagics.batch;

import java.time.Duration;
import java.util.List;

/**
 * The batch size that fitted, the step's result at that size, and every try it took to find it.
 *
 * @param tries in the order they ran
 * @param took the whole search, releases included
 */
public record BatchFit<T>(int batchSize, T result, List<BatchTry> tries, Duration took) {

    public BatchFit {
        tries = List.copyOf(tries);
    }

    /** The tries that ran out of memory. */
    public List<BatchTry> failed() {
        return tries.stream().filter(t -> !t.fitted()).toList();
    }
}
