package dev.gpumagics.oom;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Why an allocation failed, or, without a failure, what holds the memory now.
 *
 * @param failure the failure diagnosed; empty for a look at the present state
 * @param place where the memory was wanted
 * @param causes the likely causes, likeliest first
 * @param missing parts that could not be read, each with why
 * @param scanTook the variable scan's share of {@code took}
 * @param elsewhere the other devices where this kernel holds memory, by the driver's numbering
 */
public record Diagnosis(
        Instant takenAt,
        Optional<AllocationFailure> failure,
        Place place,
        List<Cause> causes,
        List<Missing> missing,
        Duration scanTook,
        Duration took,
        List<HeldElsewhere> elsewhere) {

    public Diagnosis {
        causes = List.copyOf(causes);
        missing = List.copyOf(missing);
        elsewhere = List.copyOf(elsewhere);
    }

    /** A diagnosis of a machine where this kernel holds memory on no other device. */
    public Diagnosis(Instant takenAt, Optional<AllocationFailure> failure, Place place, List<Cause> causes, List<Missing> missing,
            Duration scanTook, Duration took) {
        this(takenAt, failure, place, causes, missing, scanTook, took, List.of());
    }

    public <T extends Cause> Optional<T> cause(Class<T> type) {
        return causes.stream().filter(type::isInstance).map(type::cast).findFirst();
    }
}
