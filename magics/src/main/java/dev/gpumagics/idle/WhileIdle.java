package dev.gpumagics.idle;

import dev.gpumagics.context.ContextOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What happened between one cell's end and the next cell's start, for the line that cell's output begins with.
 *
 * @param idleFor from the last cell's end to this cell's start
 * @param resumed the resume this cell's start made, where the policy had parked the GPU state
 */
public record WhileIdle(Duration idleFor, List<IdleEvent> events, Optional<ContextOutcome> resumed) {

    public WhileIdle {
        events = List.copyOf(events);
    }
}
