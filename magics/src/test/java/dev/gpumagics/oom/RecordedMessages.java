package dev.gpumagics.oom;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The recorded messages of test resources oom-messages/ (SOURCES.md there says where each was seen). */
final class RecordedMessages {

    static final long KIB = 1L << 10;
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;

    private RecordedMessages() {}

    static String read(String name) {
        try (InputStream in = RecordedMessages.class.getResourceAsStream("/oom-messages/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded message " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AllocationFailure parsed(String name) {
        return AllocationFailures.inMessage(read(name)).orElseThrow(() -> new AssertionError("not recognised: " + name));
    }

    /** A size as libtorch printed it, in bytes: {@code of(12.50, MIB)}. */
    static long of(double value, long unit) {
        return Math.round(value * unit);
    }
}
