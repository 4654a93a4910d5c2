package dev.gpumagics.release;

/**
 * What happened to one variable.
 *
 * @param reclaimedBytes storages it reached that are gone now (a storage freed with another variable counts for both)
 * @param heldBytes storages it reached that stay, see the outcome's {@link StillHeld} entries
 */
public record VariableOutcome(String name, Action action, long reclaimedBytes, long heldBytes) {

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
        NOTHING_HELD
    }
}
