package dev.gpumagics.release;

import java.time.Duration;
import java.util.List;

/** The answer to a {@link FreeRequest}: refused with one line (nothing changed), or done. */
public sealed interface FreeOutcome {

    /** @param message one line saying what is wrong; nothing was freed */
    record Refused(String message) implements FreeOutcome {}

    /**
     * @param variables per variable, in binding order
     * @param reclaimedBytes storages that are verifiably gone, each counted once (for a dry run: that would go, if nothing outside the variables holds them)
     * @param stillHeld what the freed variables reached that stays, and why
     * @param before measured before anything was done
     * @param after measured after collection and cache release
     */
    record Done(
            FreeRequest request,
            List<VariableOutcome> variables,
            long reclaimedBytes,
            List<StillHeld> stillHeld,
            MemoryLevel before,
            MemoryLevel after,
            Duration took) implements FreeOutcome {}
}
