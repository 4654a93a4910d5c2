package dev.gpumagics.idle;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How an idle time is written: a whole number and one unit, {@code 30s}, {@code 10m} or {@code 2h}; {@code off} for never. */
public final class IdleDurations {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([smh])");

    private IdleDurations() {}

    /**
     * @return the duration, or empty for {@code off}
     * @throws IllegalArgumentException with the one line to show, for anything else
     */
    public static Optional<Duration> parse(String text) {
        String word = text.strip();
        if (word.equals("off")) {
            return Optional.empty();
        }
        Matcher matcher = DURATION.matcher(word);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + word + "' is not an idle time: write 30s, 10m or 2h (a whole number and s, m or h), or off");
        }
        long amount = Long.parseLong(matcher.group(1));
        if (amount == 0) {
            throw new IllegalArgumentException("'" + word + "' is no time at all: write at least 1s, or off");
        }
        return Optional.of(switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        });
    }
}
