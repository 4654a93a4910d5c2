package dev.gpumagics.context;

/**
 * Runs a {@link CheckpointController} on a pid from outside that process and returns its answer.
 * The real one is {@link HelperProcess}; it never blocks past its time limit.
 */
public interface Checkpointer {

    ControllerReply suspend(long pid);

    ControllerReply resume(long pid);

    ControllerReply state(long pid);
}
