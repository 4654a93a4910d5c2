package dev.gpumagics.context.checkpoint;

import java.util.Optional;

/**
 * What the kernel asks its helper JVM to do, passed as the helper's one argument ({@link WireFormat}).
 *
 * @param lockTimeoutMillis how long the driver may wait for in-flight CUDA work before it gives up locking
 * @param need for a resume: what the process held on each device when parked; empty to use the record, if any
 */
public record ControllerRequest(Operation operation, long pid, int lockTimeoutMillis, Optional<BytesPerDevice> need) {

    /** What the controller does. */
    public enum Operation { SUSPEND, RESUME, STATE }

    /** Runs this request on {@code controller}. */
    public ControllerReply runOn(CheckpointController controller) {
        return switch (operation) {
            case SUSPEND -> controller.suspend(pid, lockTimeoutMillis);
            case RESUME -> controller.resume(pid, need);
            case STATE -> controller.state(pid);
        };
    }
}
