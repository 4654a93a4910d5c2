package dev.gpumagics.context.checkpoint;

import dev.gpumagics.context.driver.CheckpointState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a checkpoint controller (the helper process or the CLI) answers, as a value and as the one
 * line the helper prints on its stdout. One line, because the kernel reads it before the helper's
 * exit: the helper's exit is one of the two suspects in the hang recorded in DESIGN.md.
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
     * @param heldPerDevice what it held on each device before a suspend (NVML), the room a resume needs back
     */
    record Done(CheckpointState state, List<Step> steps, OptionalLong deviceBytes, OptionalLong deviceBytesAfter,
                BytesPerDevice heldPerDevice) implements ControllerReply {
        public Done {
            steps = List.copyOf(steps);
        }

        public Done(CheckpointState state, List<Step> steps, OptionalLong deviceBytes, OptionalLong deviceBytesAfter) {
            this(state, steps, deviceBytes, deviceBytesAfter, BytesPerDevice.NONE);
        }

        public long nanosOf(String step) {
            return steps.stream().filter(s -> s.name().equals(step)).mapToLong(Step::nanos).sum();
        }
    }

    /** Nothing was done, and nothing changed: a requirement is not met. */
    record Refused(String reason, String hint) implements ControllerReply {}

    /**
     * A resume was not tried, and the process stays parked: a device lacks room for what it held there. Unlike
     * {@link Refused}, the process's state is known without asking: exactly as before.
     */
    record NoRoom(String reason, String hint) implements ControllerReply {}

    /**
     * A driver call failed part way.
     *
     * @param state the process's state afterwards, when the driver could still say
     */
    record Failed(String reason, Optional<CheckpointState> state) implements ControllerReply {}

    /** The single line the helper prints. */
    default String toLine() {
        if (this instanceof Done done) {
            StringBuilder line = new StringBuilder("done ").append(done.state());
            done.deviceBytes().ifPresent(b -> line.append(" bytes=").append(b));
            done.deviceBytesAfter().ifPresent(b -> line.append(" after=").append(b));
            if (!done.heldPerDevice().isEmpty()) {
                line.append(" held=").append(done.heldPerDevice().token());
            }
            done.steps().forEach(s -> line.append(" step.").append(s.name()).append('=').append(s.nanos()));
            return line.toString();
        }
        if (this instanceof Refused refused) {
            return "refused " + reasonAndHint(refused.reason(), refused.hint());
        }
        if (this instanceof NoRoom noRoom) {
            return "noroom " + reasonAndHint(noRoom.reason(), noRoom.hint());
        }
        Failed failed = (Failed) this;
        return "failed " + failed.state().map(Enum::name).orElse("UNKNOWN") + ' ' + oneLine(failed.reason());
    }

    /** Reads a line written by {@link #toLine()}; anything else becomes a {@link Failed} that quotes it. */
    static ControllerReply parse(String line) {
        try {
            if (line.startsWith("done ")) {
                return parseDone(line.substring(5).trim().split(" "));
            }
            if (line.startsWith("refused ")) {
                String[] why = reasonAndHint(line.substring(8));
                return new Refused(why[0], why[1]);
            }
            if (line.startsWith("noroom ")) {
                String[] why = reasonAndHint(line.substring(7));
                return new NoRoom(why[0], why[1]);
            }
            if (line.startsWith("failed ")) {
                String rest = line.substring(7);
                int space = rest.indexOf(' ');
                String state = space < 0 ? rest : rest.substring(0, space);
                String reason = space < 0 ? "" : rest.substring(space + 1);
                return new Failed(reason, state.equals("UNKNOWN") ? Optional.empty() : Optional.of(CheckpointState.valueOf(state)));
            }
        } catch (IllegalArgumentException e) {
            // falls through: a line we cannot read is reported, quoted, as a failure
        }
        return new Failed("the checkpoint helper answered something unexpected: '" + oneLine(line) + "'", Optional.empty());
    }

    private static Done parseDone(String[] tokens) {
        CheckpointState state = CheckpointState.valueOf(tokens[0]);
        OptionalLong bytes = OptionalLong.empty();
        OptionalLong after = OptionalLong.empty();
        BytesPerDevice held = BytesPerDevice.NONE;
        List<Step> steps = new ArrayList<>();
        for (int i = 1; i < tokens.length; i++) {
            int eq = tokens[i].indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(tokens[i]);
            }
            String key = tokens[i].substring(0, eq);
            if (key.equals("held")) {
                held = BytesPerDevice.parse(tokens[i].substring(eq + 1));
                continue;
            }
            long value = Long.parseLong(tokens[i].substring(eq + 1));
            if (key.equals("bytes")) {
                bytes = OptionalLong.of(value);
            } else if (key.equals("after")) {
                after = OptionalLong.of(value);
            } else if (key.startsWith("step.")) {
                steps.add(new Step(key.substring(5), value));
            } else {
                throw new IllegalArgumentException(key);
            }
        }
        return new Done(state, steps, bytes, after, held);
    }

    private static String reasonAndHint(String reason, String hint) {
        return oneLine(reason) + '\t' + oneLine(hint);
    }

    /** Reads {@link #reasonAndHint(String, String)}: the reason, then the hint (empty when there is no tab). */
    private static String[] reasonAndHint(String text) {
        int tab = text.indexOf('\t');
        return tab < 0 ? new String[] {text, ""} : new String[] {text.substring(0, tab), text.substring(tab + 1)};
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    }
}
