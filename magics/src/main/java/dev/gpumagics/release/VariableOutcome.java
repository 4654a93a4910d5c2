package dev.gpumagics.release;

import dev.gpumagics.vars.WalkStop;
import java.util.List;
import java.util.Set;

/**
 * What happened to one variable.
 *
 * @param reclaimedBytes storages it reached that are gone now (a storage freed with another variable counts for both)
 * @param heldBytes storages it reached that stay, see the outcome's {@link StillHeld} entries
 * @param walkStoppedEarly why the walk through it stopped before it had seen everything: then the counts
 *     cover only the part it reached; empty when it saw it all
 * @param reclaimedWith the other variables of the same request that reached some of the storages counted in
 *     {@code reclaimedBytes}: those bytes count in their rows too, and once in the request's total
 */
public record VariableOutcome(String name, Action action, long reclaimedBytes, long heldBytes, Set<WalkStop> walkStoppedEarly,
        List<String> reclaimedWith) {

    public VariableOutcome {
        reclaimedWith = List.copyOf(reclaimedWith);
    }

    /** A variable that shares nothing it gave back with another of the request. */
    public VariableOutcome(String name, Action action, long reclaimedBytes, long heldBytes, Set<WalkStop> walkStoppedEarly) {
        this(name, action, reclaimedBytes, heldBytes, walkStoppedEarly, List.of());
    }

    /** A variable whose walk saw everything it reaches, and which shares nothing it gave back. */
    public VariableOutcome(String name, Action action, long reclaimedBytes, long heldBytes) {
        this(name, action, reclaimedBytes, heldBytes, Set.of());
    }

    public enum Action {
        /** Its tensors were released and the binding set to null. */
        FREED,
        /** Its tensors were copied to host memory and the binding now points at the copies. */
        MOVED_TO_CPU,
        /** A dry run: would be freed. */
        WOULD_FREE,
        /** A dry run: would be moved. */
        WOULD_MOVE,
        /** It holds no tensor; left as it was. */
        NOTHING_HELD,
        /** It holds no tensor but Java arrays, on the heap (a {@link StillHeld.Reason#JAVA_HEAP} entry says how much); left as it was. */
        HEAP_ONLY,
        /**
         * The walk found no tensor, but stopped early (see {@code walkStoppedEarly}), so what it did not
         * reach may hold some; left as it was.
         */
        NOTHING_FOUND
    }
}
