package dev.gpumagics.idle;

import dev.gpumagics.context.ContextOutcome;
import dev.gpumagics.release.GcOutcome;
import java.time.Instant;

/** What the idle courtesy did, or could not do, while no cell ran. */
public sealed interface IdleEvent {

    Instant at();

    /** The release step ran: collection, pending deallocations, libtorch's cache; before and after in the outcome. */
    record Released(Instant at, GcOutcome outcome) implements IdleEvent {}

    /** The suspend step parked the GPU state. */
    record Parked(Instant at, ContextOutcome.Suspended outcome) implements IdleEvent {}

    /** The suspend step was refused or failed: the outcome says why (no driver, no context, no room in host memory...). */
    record NotParked(Instant at, ContextOutcome outcome) implements IdleEvent {}

    /** A step was due by the time since the last cell, but the process was working then: it waited, and says why. */
    record HeldBack(Instant at, Busy why) implements IdleEvent {}

    /** Parked by the policy, the GPU state came back by itself: a thread called into a GPU library. */
    record BackByItself(Instant at) implements IdleEvent {}
}
