package dev.gpumagics.context.checkpoint;

/**
 * Runs a {@link CheckpointController} on a pid from outside that process and returns its answer.
 * The real one is {@link HelperProcess}; it never blocks past its time limit.
 */
public interface Checkpointer {

    ControllerReply suspend(long pid);

    ControllerReply resume(long pid);

    /** A resume that is refused, changing nothing, while a device lacks room for what the process held there. */
    default ControllerReply resume(long pid, BytesPerDevice need) {
        return resume(pid);
    }

    ControllerReply state(long pid);
}
