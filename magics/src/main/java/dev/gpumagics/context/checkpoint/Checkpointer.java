package dev.gpumagics.context.checkpoint;

import java.util.Optional;

/**
 * Runs a {@link CheckpointController} on a pid from outside that process and returns its answer.
 * The real one is {@link HelperProcess}; it never blocks past its time limit.
 */
public interface Checkpointer {

    ControllerReply suspend(long pid);

    /**
     * A resume that is refused, changing nothing, while a device lacks room for what the process held there.
     *
     * @param need what the process held on each device when parked; empty to use what the suspend recorded, if anything
     */
    ControllerReply resume(long pid, Optional<BytesPerDevice> need);

    ControllerReply state(long pid);
}
