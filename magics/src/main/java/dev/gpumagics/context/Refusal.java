package dev.gpumagics.context;

import dev.gpumagics.context.checkpoint.ControllerReply;
import java.time.Instant;

/** Why {@code %gpususpend}, {@code %gpuresume} or {@code %gpureset} did nothing; {@code report.ContextText} words it. */
public sealed interface Refusal {

    record AlreadySuspended(Instant since) implements Refusal {}

    record NotSuspended() implements Refusal {}

    /** A reset would block on the parked context. */
    record ResetWhileSuspended() implements Refusal {}

    /** libtorch does not survive its context being destroyed (measured on an H100: docs/FACTS.md). */
    record ResetUnderLibtorch() implements Refusal {}

    /** @param reason and @param hint as the driver probe said them */
    record NoDriver(String reason, String hint) implements Refusal {}

    /** Which devices have a context could not be asked. */
    record ContextsUnknown(String reason, String hint) implements Refusal {}

    record NoContext() implements Refusal {}

    /** The checkpoint controller refused: a {@link ControllerReply.Refused}, {@link ControllerReply.NoRoom} or {@link ControllerReply.NoHostRoom}. */
    record ByController(ControllerReply answer) implements Refusal {}
}
