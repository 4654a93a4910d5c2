package dev.gpumagics.batch;

import dev.gpumagics.oom.AllocationFailure;
import dev.gpumagics.oom.AllocationFailures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds a batch size that fits: runs the step, and when it runs out of memory gives back what the failed try left
 * (a garbage collection, JavaCPP's pending deallocations, libtorch's CUDA cache), halves the size and runs it again,
 * down to 1; then stops with {@link NoBatchSizeFits}. Any failure that is not an allocation failure ends the search
 * at once, unchanged.
 *
 * <p>Beyond accelerate's {@code find_executable_batch_size}: a failure is recognised through causes and
 * suppressed exceptions and by its parsed record, not by matching the top exception's text; each try's time and
 * the memory it asked for are returned; sizes can be kept to a multiple (8 for tensor cores); the search stops at 1,
 * having tried it, rather than at 0; and, only when asked, it searches back up between the size that fitted and
 * the one that did not. Not by default: each extra try runs the whole step again, a size that only just fits
 * often fails on the next, larger input, and every failure near the limit leaves the CUDA cache fragmented.
 */
public final class BatchSizeSearch {

    private final int start;
    private final int multiple;
    private final int refineTries;
    private final Function<BatchStep<?>, Runnable> release;

    private BatchSizeSearch(int start, int multiple, int refineTries, Function<BatchStep<?>, Runnable> release) {
        this.start = start;
        this.multiple = multiple;
        this.refineTries = refineTries;
        this.release = release;
    }

    /** @param size the batch size to try first, the largest wanted */
    public static BatchSizeSearch startingAt(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a batch size is 1 or more, not " + size);
        }
        return new BatchSizeSearch(size, 1, 0, BatchSizeSearch::releaseFor);
    }

    /** Halving rounds down to a multiple of {@code step} while the size is at least that. */
    public BatchSizeSearch multipleOf(int step) {
        if (step < 1) {
            throw new IllegalArgumentException("a multiple is 1 or more, not " + step);
        }
        return new BatchSizeSearch(start, step, refineTries, release);
    }

    /** After a fit below a failure, up to {@code tries} more runs halfway between the two, keeping the largest that fits. */
    public BatchSizeSearch refining(int tries) {
        if (tries < 0) {
            throw new IllegalArgumentException("refining takes 0 or more tries, not " + tries);
        }
        return new BatchSizeSearch(start, multiple, tries, release);
    }

    /** The same search giving memory back with {@code release} instead (a program with its own cleanup). */
    BatchSizeSearch releasingWith(Runnable action) {
        return new BatchSizeSearch(start, multiple, refineTries, step -> action);
    }

    /**
     * @throws NoBatchSizeFits when even a batch of 1 runs out of memory
     * @throws RuntimeException whatever the step threw that is not an allocation failure
     */
    public <T> BatchFit<T> run(BatchStep<T> step) {
        long began = System.nanoTime();
        Runnable giveBack = release.apply(step);
        List<BatchTry> tries = new ArrayList<>();
        int size = start;
        Outcome<T> outcome;
        while (true) {
            outcome = attempt(step, size, giveBack, tries);
            if (outcome instanceof Outcome.Fitted<T>) {
                break;
            }
            if (size == 1) {
                throw new NoBatchSizeFits(tries, ((Outcome.RanOut<T>) outcome).failure());
            }
            size = smaller(size);
        }
        int fitted = size;
        T result = ((Outcome.Fitted<T>) outcome).result();
        int failedAbove = tries.size() > 1 ? tries.get(tries.size() - 2).batchSize() : 0;
        for (int extra = 0; extra < refineTries && failedAbove > 0; extra++) {
            int middle = roundDown(fitted + (failedAbove - fitted) / 2);
            if (middle <= fitted) {
                break;
            }
            Outcome<T> more = attempt(step, middle, giveBack, tries);
            if (more instanceof Outcome.Fitted<T> larger) {
                close(result);
                fitted = middle;
                result = larger.result();
            } else {
                failedAbove = middle;
            }
        }
        return new BatchFit<>(fitted, result, tries, Duration.ofNanos(System.nanoTime() - began));
    }

    private <T> Outcome<T> attempt(BatchStep<T> step, int size, Runnable giveBack, List<BatchTry> tries) {
        long began = System.nanoTime();
        try {
            T result = step.run(size);
            tries.add(new BatchTry(size, Duration.ofNanos(System.nanoTime() - began), Optional.empty(), Duration.ZERO));
            return new Outcome.Fitted<>(result);
        } catch (RuntimeException e) {
            Duration ran = Duration.ofNanos(System.nanoTime() - began);
            Optional<AllocationFailure> failure = AllocationFailures.in(e);
            if (failure.isEmpty()) {
                throw e;
            }
            long releasing = System.nanoTime();
            giveBack.run();
            tries.add(new BatchTry(size, ran, failure, Duration.ofNanos(System.nanoTime() - releasing)));
            return new Outcome.RanOut<>(e);
        }
    }

    private int smaller(int size) {
        int half = size / 2;
        return Math.max(1, half >= multiple ? roundDown(half) : half);
    }

    private int roundDown(int size) {
        return size >= multiple ? size / multiple * multiple : size;
    }

    /** A result that a larger fit replaced is closed (a tensor's memory goes back at once), since nobody else has it. */
    private static void close(Object result) {
        if (result instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // the replaced result is dropped either way
            }
        }
    }

    /** The step's own class loader is where its torch classes are (a notebook's, for a lambda written in a cell). */
    private static Runnable releaseFor(BatchStep<?> step) {
        ClassLoader loader = step.getClass().getClassLoader();
        return new TryRelease(() -> loader != null ? loader : BatchSizeSearch.class.getClassLoader());
    }

    /** One try's answer: a result, or the allocation failure it ran into. */
    private sealed interface Outcome<T> {
        record Fitted<T>(T result) implements Outcome<T> {}

        record RanOut<T>(RuntimeException failure) implements Outcome<T> {}
    }
}
