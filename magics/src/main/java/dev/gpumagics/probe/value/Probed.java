package dev.gpumagics.probe.value;

import java.util.Optional;
import java.util.function.Function;

/**
 * The answer of a probe: a value, or the reason there is none and what the user can do about it.
 * A missing driver or library is an ordinary answer, not an exception.
 */
public sealed interface Probed<T> {

    record Present<T>(T value) implements Probed<T> {}

    /** @param reason one line saying what is missing; @param hint one line saying what to do, or empty */
    record Unavailable<T>(String reason, String hint) implements Probed<T> {}

    static <T> Probed<T> present(T value) {
        return new Present<>(value);
    }

    static <T> Probed<T> unavailable(String reason, String hint) {
        return new Unavailable<>(reason, hint);
    }

    default Optional<T> asOptional() {
        return this instanceof Present<T> present ? Optional.of(present.value()) : Optional.empty();
    }

    default boolean isPresent() {
        return this instanceof Present<T>;
    }

    default <R> Probed<R> map(Function<? super T, ? extends R> mapper) {
        if (this instanceof Present<T> present) {
            return new Present<>(mapper.apply(present.value()));
        }
        Unavailable<T> missing = (Unavailable<T>) this;
        return new Unavailable<>(missing.reason(), missing.hint());
    }

    default <R> Probed<R> flatMap(Function<? super T, Probed<R>> mapper) {
        if (this instanceof Present<T> present) {
            return mapper.apply(present.value());
        }
        Unavailable<T> missing = (Unavailable<T>) this;
        return new Unavailable<>(missing.reason(), missing.hint());
    }
}
