package dev.gpumagics.release;

import java.util.List;

/**
 * Memory a freed variable reached that did not come back, and why.
 *
 * @param variable the variable that was freed (or moved)
 * @param bytes the storages' bytes, each counted once
 * @param reason why it stays
 * @param keptBy for {@link Reason#SHARED_WITH_KEPT}, the variables that keep it
 */
public record StillHeld(String variable, long bytes, Reason reason, List<String> keptBy) {

    public enum Reason {
        /** A variable that was not freed reaches the same storage. */
        SHARED_WITH_KEPT,
        /** No variable reaches it any more, yet something does: an autograd graph, a Java object outside every variable, a native cache. */
        OUTSIDE_VARIABLES,
        /** {@code --to-cpu} could not rebind it: inside a record, a final field or an immutable collection. */
        NOT_MOVABLE,
        /** A variable that holds no tensor reaches Java arrays: heap, which setting the variable to null gives back. */
        JAVA_HEAP
    }

    public String explanation() {
        return switch (reason) {
            case SHARED_WITH_KEPT -> "shared with kept variable" + (keptBy.size() > 1 ? "s " : " ") + String.join(", ", keptBy);
            case OUTSIDE_VARIABLES -> "referenced from outside any variable (an autograd graph, a Java object no variable reaches)";
            case NOT_MOVABLE -> "could not be moved: " + String.join(", ", keptBy);
            case JAVA_HEAP -> "Java heap in arrays, not a tensor: " + variable + " = null frees it, if nothing else refers to them";
        };
    }
}
