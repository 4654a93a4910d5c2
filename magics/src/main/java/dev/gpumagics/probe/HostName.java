package dev.gpumagics.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * This host's name as the kernel holds it ({@code /proc/sys/kernel/hostname}, what gethostname(2) gives and what
 * dcgm-exporter's {@code Hostname} label carries), read without a DNS look-up that could hang.
 */
public final class HostName {

    private HostName() {}

    public static Optional<String> of(Path proc) {
        try {
            String name = Files.readString(proc.resolve("sys/kernel/hostname"), StandardCharsets.ISO_8859_1).strip();
            return name.isEmpty() ? Optional.empty() : Optional.of(name);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public static Optional<String> ofThisHost() {
        return of(Path.of("/proc"));
    }
}
