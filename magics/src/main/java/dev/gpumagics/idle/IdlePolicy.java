package dev.gpumagics.idle;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * When an idle kernel gives memory back by itself, each step after its own idle time or never (empty).
 *
 * @param releaseAfter after this long idle: libtorch's allocator cache, cuBLAS workspaces and pending JavaCPP
 *     deallocations, what {@code %gpugc} gives back, which cost nothing to get back
 * @param suspendAfter after this long idle: the whole GPU state parked in host memory, as {@code %gpususpend} does
 */
public record IdlePolicy(Optional<Duration> releaseAfter, Optional<Duration> suspendAfter) {

    public static final IdlePolicy OFF = new IdlePolicy(Optional.empty(), Optional.empty());

    /** The kernelspec's default for the release step, e.g. {@code 10m}. */
    public static final String RELEASE_VARIABLE = "GPUMAGICS_IDLE_RELEASE";
    /** The kernelspec's default for the suspend step, e.g. {@code 2h}. */
    public static final String SUSPEND_VARIABLE = "GPUMAGICS_IDLE_SUSPEND";

    public boolean off() {
        return releaseAfter.isEmpty() && suspendAfter.isEmpty();
    }

    public IdlePolicy withRelease(Optional<Duration> after) {
        return new IdlePolicy(after, suspendAfter);
    }

    public IdlePolicy withSuspend(Optional<Duration> after) {
        return new IdlePolicy(releaseAfter, after);
    }

    /** The step that comes first: how finely the watch must look. */
    Optional<Duration> firstStep() {
        return Stream.of(releaseAfter, suspendAfter).flatMap(Optional::stream).min(Duration::compareTo);
    }

    /**
     * The policy the kernelspec's environment sets, and what in it could not be read.
     *
     * @param problem one line naming the variable, its value and what was made of it, where one was not a duration
     */
    public record FromEnvironment(IdlePolicy policy, Optional<String> problem) {}

    /** {@link #RELEASE_VARIABLE} and {@link #SUSPEND_VARIABLE}; a step whose value is not a duration is off, and said to be. */
    public static FromEnvironment fromEnvironment(Map<String, String> env) {
        IdlePolicy policy = OFF;
        Optional<String> problem = Optional.empty();
        for (String variable : new String[] {RELEASE_VARIABLE, SUSPEND_VARIABLE}) {
            String value = env.get(variable);
            if (value == null || value.isBlank()) {
                continue;
            }
            Optional<Duration> after;
            try {
                after = IdleDurations.parse(value);
            } catch (IllegalArgumentException e) {
                after = Optional.empty();
                String line = variable + "=" + value.strip() + " in the kernelspec: " + e.getMessage() + "; that step is off";
                problem = Optional.of(problem.map(earlier -> earlier + "; " + line).orElse(line));
            }
            policy = variable.equals(RELEASE_VARIABLE) ? policy.withRelease(after) : policy.withSuspend(after);
        }
        return new FromEnvironment(policy, problem);
    }
}
