package dev.gpumagics.jupyter.wire;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Header dates as Jupyter clients read them: ISO-8601 in UTC with microseconds, as ipykernel writes them. */
public final class IsoTime {

    private static final DateTimeFormatter MICROSECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private IsoTime() {}

    public static String of(Instant instant) {
        return MICROSECONDS.format(instant);
    }

    public static String now() {
        return of(Instant.now());
    }
}
