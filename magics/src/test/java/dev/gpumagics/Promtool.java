package dev.gpumagics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code promtool check metrics} (package prometheus) on a scrape's text: it parses the text format and lints
 * it as Prometheus' own rules say (units, {@code _total} on counters, snake_case). Exit 0 is clean, 3 a lint finding.
 * Shared by the exporter's and the binder's tests.
 */
public final class Promtool {

    public static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private Promtool() {}

    /** Fails with promtool's own words where it finds anything; skips, saying why, where promtool is not installed. */
    public static void assertClean(String scrape) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PROMTOOL), "Debian's prometheus (promtool) is not installed: .ci/run installs it");
        Process check = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = check.getOutputStream()) {
            in.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!check.waitFor(30, TimeUnit.SECONDS)) {
            check.destroyForcibly();
            throw new AssertionError("promtool check metrics did not end in 30 s");
        }
        assertEquals(0, check.exitValue(), "promtool check metrics: " + said + "\non:\n" + scrape);
    }
}
