package dev.gpumagics.context.checkpoint;

import dev.gpumagics.context.driver.CheckpointState;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a checkpoint controller (the helper process or the CLI) answers, as a value and as the one
 * line the helper prints on its stdout ({@link WireFormat}). One line, because the kernel reads it before the helper's
 * exit: the helper's exit is one of the two suspects in the hang after a checkpoint (docs/FACTS.md).
 */
public sealed interface ControllerReply {

    /** One timed driver call. */
    record Step(String name, long nanos) {}

    /**
     * The operation completed.
     *
     * @param state the process's state afterwards
     * @param steps the driver calls made, in order, with their durations
     * @param deviceBytes what the process held on the device before (NVML), when known
     * @param deviceBytesAfter what it holds afterwards (NVML), when known
     * @param heldPerDevice what it held on each device before a suspend (NVML), the room a resume needs back; empty when not known
     */
    record Done(CheckpointState state, List<Step> steps, OptionalLong deviceBytes, OptionalLong deviceBytesAfter,
                Optional<BytesPerDevice> heldPerDevice) implements ControllerReply {
        public Done {
            steps = List.copyOf(steps);
        }

        public Done(CheckpointState state, List<Step> steps, OptionalLong deviceBytes, OptionalLong deviceBytesAfter) {
            this(state, steps, deviceBytes, deviceBytesAfter, Optional.empty());
        }

        public long nanosOf(String step) {
            return steps.stream().filter(s -> s.name().equals(step)).mapToLong(Step::nanos).sum();
        }
    }

    /** Nothing was done, and nothing changed: a requirement is not met. */
    record Refused(String reason, String hint) implements ControllerReply {}

    /** Nothing was done, and nothing changed: the host has too little memory to park the process's device memory. */
    record NoHostRoom(HostRoom room) implements ControllerReply {}

    /**
     * A resume was not tried, and the process stays parked: a device lacks room for what it held there. Unlike
     * {@link Refused}, the process's state is known without asking: exactly as before.
     */
    record NoRoom(DeviceRoom room) implements ControllerReply {}

    /**
     * A driver call failed part way.
     *
     * @param state the process's state afterwards, when the driver could still say
     */
    record Failed(String reason, Optional<CheckpointState> state) implements ControllerReply {}

    /** The single line the helper prints. */
    default String toLine() {
        return WireFormat.line(this);
    }

    /** Reads a line written by {@link #toLine()}; anything else becomes a {@link Failed} that quotes it. */
    static ControllerReply parse(String line) {
        return WireFormat.reply(line);
    }
}
