package dev.gpumagics.batch;

import dev.gpumagics.oom.AllocationFailure;
import dev.gpumagics.units.Bytes;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Even the smallest batch ran out of memory: the step needs more than there is whatever its batch. The last
 * failure is the cause, so the kernel diagnoses it as it does any allocation failure.
 */
public final class NoBatchSizeFits extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<BatchTry> tries;

    NoBatchSizeFits(List<BatchTry> tries, RuntimeException last) {
        super(message(tries), last);
        this.tries = List.copyOf(tries);
    }

    public List<BatchTry> tries() {
        return tries;
    }

    private static String message(List<BatchTry> tries) {
        BatchTry smallest = tries.get(tries.size() - 1);
        String asked = smallest.failure().flatMap(f -> f.requestedBytes().isPresent()
                ? java.util.Optional.of(", asking for " + Bytes.human(f.requestedBytes().getAsLong())) : java.util.Optional.empty()).orElse("");
        String sizes = tries.stream().map(t -> Integer.toString(t.batchSize())).collect(Collectors.joining(", "));
        return "no batch size fits: even " + smallest.batchSize() + " ran out of memory" + asked + " (tried " + sizes
                + "); the step needs less memory at any batch size, or more memory free: %gpuwhy says what holds it";
    }

    /** The failure of the last, smallest try. */
    public AllocationFailure lastFailure() {
        return tries.get(tries.size() - 1).failure().orElseThrow();
    }
}
