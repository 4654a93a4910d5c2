package dev.gpumagics.context.driver;

import java.util.Optional;

/**
 * Where the driver's checkpoint API says a process is ({@code cuCheckpointProcessGetState}).
 * Lock takes RUNNING to LOCKED, checkpoint LOCKED to CHECKPOINTED, restore CHECKPOINTED back to
 * LOCKED, and unlock LOCKED to RUNNING.
 */
public enum CheckpointState {
    /** CUDA calls run normally. */
    RUNNING(0),
    /** CUDA calls block until unlocked; device memory is still on the device. */
    LOCKED(1),
    /** Device memory is in host memory and the process holds nothing on the device; CUDA calls block. */
    CHECKPOINTED(2),
    /** The driver hit an error it cannot undo during checkpoint or restore. */
    FAILED(3);

    private final int driverValue;

    CheckpointState(int driverValue) {
        this.driverValue = driverValue;
    }

    /** The state for a {@code CUprocessState} value; empty for values this code does not know. */
    public static Optional<CheckpointState> ofDriverValue(int value) {
        for (CheckpointState state : values()) {
            if (state.driverValue == value) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
