package io.github.spencerpark.jupyter.messages;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Date;

/**
 * GpuMagics' replacement for basekernel 2.3.0's class of the same name (the shaded jar leaves the
 * original out): that one writes header dates to the minute ({@code yyyy-MM-dd'T'HH:mmZ}); Jupyter
 * expects ISO-8601 with microseconds, as ipykernel sends. Same public API, so basekernel links to it.
 */
public class KernelTimestamp {

    private static final DateTimeFormatter MICROSECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private String serialized;
    private Instant instant;

    public static KernelTimestamp now() {
        return new KernelTimestamp(Instant.now());
    }

    public KernelTimestamp(String serialized) {
        this.serialized = serialized;
    }

    public KernelTimestamp(Date date) {
        this(date.toInstant());
    }

    private KernelTimestamp(Instant instant) {
        this.instant = instant.truncatedTo(ChronoUnit.MICROS);
    }

    public Date getDate() {
        if (instant == null) {
            instant = parse(serialized);
        }
        return Date.from(instant);
    }

    public String getDateString() {
        if (serialized == null) {
            serialized = MICROSECONDS.format(instant);
        }
        return serialized;
    }

    /** Reads what clients send: with or without fraction, with Z or an offset, or a bare local time as UTC. */
    private static Instant parse(String text) {
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                throw new IllegalArgumentException("invalid date string '" + text + "'", again);
            }
        }
    }
}
