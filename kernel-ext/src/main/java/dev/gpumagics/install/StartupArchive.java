package dev.gpumagics.install;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Records the classes one kernel start loads (JShell and javac, ZeroMQ, the protocol layer, the
 * magics) into a class-data archive (AppCDS), by running the installed kernel once with no client
 * ({@code kernel --train}) under {@code -XX:ArchiveClassesAtExit}. A kernel that maps the archive
 * skips loading and verifying those classes again.
 */
@FunctionalInterface
public interface StartupArchive {

    /** Writes {@code archive} for {@code java -jar jar}; empty when done, else why not, in one line. */
    Optional<String> record(Path java, Path jar, Path archive);

    /**
     * How long a recording may take: one kernel start, a warm-up and a cell, about 2 s measured (9 s
     * with two builds beside it). The run ends itself after 30 s ({@code TrainingRun}); this is the
     * backstop.
     */
    Duration LIMIT = Duration.ofSeconds(45);

    /** The real recording, in a child JVM with the kernelspec's own options. */
    static StartupArchive inChildJvm() {
        return inChildJvm(LIMIT);
    }

    static StartupArchive inChildJvm(Duration limit) {
        return (java, jar, archive) -> {
            Path log = null;
            try {
                Files.deleteIfExists(archive);
                List<String> command = new ArrayList<>(List.of(java.toString()));
                command.addAll(KernelSpec.JVM_OPTIONS);
                command.add("-XX:ArchiveClassesAtExit=" + archive.toAbsolutePath());
                command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "kernel", "--train"));
                log = Files.createTempFile("gpumagics-archive", ".log");
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    return Optional.of("the recording run did not end within " + limit.toSeconds() + " s");
                }
                if (process.exitValue() != 0 || !Files.isRegularFile(archive)) {
                    return Optional.of("the recording run ended with exit " + process.exitValue() + " and no archive"
                            + lastWords(log).map(words -> ": " + words).orElse(""));
                }
                return Optional.empty();
            } catch (IOException e) {
                return Optional.of("the recording run could not start: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted");
            } finally {
                if (log != null) {
                    try {
                        Files.deleteIfExists(log);
                    } catch (IOException e) {
                        // a temp file the system cleans up
                    }
                }
            }
        };
    }

    /**
     * The run's last line that is not the JVM's own archive log ({@code [0.9s][warning][cds] Skipping ...},
     * a line for every class it cannot archive): what went wrong, in its own words.
     */
    private static Optional<String> lastWords(Path log) throws IOException {
        List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("[")) {
                return Optional.of(line.length() > 200 ? line.substring(0, 200) + " ..." : line);
            }
        }
        return Optional.empty();
    }
}
