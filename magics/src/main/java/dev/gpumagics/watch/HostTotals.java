package dev.gpumagics.watch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The host's memory as a whole, for the live view's bar where there is no GPU: {@code MemTotal} and
 * {@code MemAvailable} of /proc/meminfo.
 */
public record HostTotals(long totalBytes, long availableBytes) {

    /** Absent off Linux, or where /proc/meminfo lacks either line. */
    public static Optional<HostTotals> read(Path meminfo) {
        long total = -1;
        long available = -1;
        try {
            for (String line : Files.readAllLines(meminfo, StandardCharsets.US_ASCII)) {
                if (line.startsWith("MemTotal:")) {
                    total = kib(line);
                } else if (line.startsWith("MemAvailable:")) {
                    available = kib(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return total > 0 && available >= 0 ? Optional.of(new HostTotals(total, available)) : Optional.empty();
    }

    private static long kib(String line) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).trim().split("\\s+")[0]) * 1024;
    }
}
