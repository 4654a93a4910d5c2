package dev.gpumagics.report;

import java.time.Duration;

/** The idle courtesy in words: {@code %gpuidle}'s answers and the line a cell begins with after the kernel was idle. */
public final class IdleText {

    private IdleText() {}

    /** An idle time as it is typed: {@code 2h}, {@code 90m}, {@code 45s}. */
    public static String notation(Duration after) {
        long seconds = after.toSeconds();
        if (seconds >= 3600 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds >= 60 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds > 0 ? seconds + "s" : after.toMillis() + "ms";
    }
}
