package dev.gpumagics.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gpumagics.oom.Cause;
import dev.gpumagics.oom.Diagnosis;
import dev.gpumagics.oom.Place;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Each of the diagnoser's causes, put first, is counted under one tag; no cause at all is "undiagnosed". */
class FailureCauseTest {

    static Diagnosis firstCause(Cause... causes) {
        return new Diagnosis(Instant.EPOCH, Optional.empty(), new Place(false, OptionalInt.empty(), Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), Optional.empty()), List.of(causes), List.of(), Duration.ZERO,
                Duration.ZERO, List.of());
    }

    @Test
    void theLikeliestCauseNamesTheTag() {
        Cause cache = new Cause.CacheHeld(1L << 30, true, "PYTORCH_CUDA_ALLOC_CONF", false);
        assertEquals("cache_fragmentation", FailureCause.of(firstCause(cache, new Cause.ContextAndLibraries(1, false))).tag());
        assertEquals(FailureCause.VARIABLES, FailureCause.of(firstCause(new Cause.VariablesHold(5, List.of(), 1, OptionalLong.empty()))));
        assertEquals(FailureCause.VARIABLES, FailureCause.of(firstCause(new Cause.AutogradHistory(List.of()))), "graphs the variables keep");
        assertEquals(FailureCause.OTHER_PROCESSES, FailureCause.of(firstCause(new Cause.OthersHold(5, List.of(), false))));
        assertEquals(FailureCause.CONTEXT, FailureCause.of(firstCause(new Cause.ContextAndLibraries(5, true))));
        assertEquals(FailureCause.TOO_LARGE, FailureCause.of(firstCause(new Cause.RequestTooLarge(5, 4, true))));
        assertEquals(FailureCause.UNDIAGNOSED, FailureCause.of(firstCause()));
    }
}
