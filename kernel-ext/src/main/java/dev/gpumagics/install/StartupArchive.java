package dev.gpumagics.install;

import dev.gpumagics.internal.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
            try {
                Files.deleteIfExists(archive);
            } catch (IOException e) {
                return Optional.of("the old archive " + archive + " cannot be replaced: " + e.getMessage());
            }
            List<String> command = new ArrayList<>(List.of(java.toString()));
            command.addAll(KernelSpec.JVM_OPTIONS);
            command.add("-XX:ArchiveClassesAtExit=" + archive.toAbsolutePath());
            command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "kernel", "--train"));
            CommandRunner.Outcome outcome = CommandRunner.run(command, limit);
            if (outcome instanceof CommandRunner.Outcome.Finished finished) {
                if (finished.exitCode() != 0 || !Files.isRegularFile(archive)) {
                    Optional<String> words = lastWords(finished.stderr()).or(() -> lastWords(finished.stdout()));
                    return Optional.of("the recording run ended with exit " + finished.exitCode() + " and no archive"
                            + words.map(w -> ": " + w).orElse(""));
                }
                return Optional.empty();
            }
            if (outcome instanceof CommandRunner.Outcome.TimedOut) {
                return Optional.of("the recording run did not end within " + limit.toSeconds() + " s");
            }
            if (outcome instanceof CommandRunner.Outcome.NotStarted notStarted) {
                return Optional.of("the recording run could not start: " + notStarted.why());
            }
            if (outcome instanceof CommandRunner.Outcome.Unreadable unreadable) {
                return Optional.of("the recording run's output could not be read: " + unreadable.why());
            }
            return Optional.of("interrupted");
        };
    }

    /**
     * The run's last line that is not the JVM's own archive log ({@code [0.9s][warning][cds] Skipping ...},
     * a line for every class it cannot archive): what went wrong, in its own words.
     */
    private static Optional<String> lastWords(String output) {
        List<String> lines = output.lines().toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("[")) {
                return Optional.of(line.length() > 200 ? line.substring(0, 200) + " ..." : line);
            }
        }
        return Optional.empty();
    }
}
