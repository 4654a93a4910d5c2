package dev.gpumagics.install;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Records the classes one kernel start loads (JShell and javac, ZeroMQ, basekernel, the magics) into
 * a class-data archive (AppCDS), by running the installed kernel once with no client
 * ({@code kernel --train}) under {@code -XX:ArchiveClassesAtExit}. A kernel that maps the archive
 * skips loading and verifying those classes again.
 */
@FunctionalInterface
public interface StartupArchive {

    /** Writes {@code archive} for {@code java -jar jar}; empty when done, else why not, in one line. */
    Optional<String> record(Path java, Path jar, Path archive);

    /** Seconds a recording may take: one kernel start, a warm-up and a cell (about 2 s measured). */
    long LIMIT_SECONDS = 120;

    /** The real recording, in a child JVM with the kernelspec's own options. */
    static StartupArchive inChildJvm() {
        return (java, jar, archive) -> {
            try {
                Files.deleteIfExists(archive);
                List<String> command = new ArrayList<>(List.of(java.toString()));
                command.addAll(KernelSpec.JVM_OPTIONS);
                command.add("-XX:ArchiveClassesAtExit=" + archive.toAbsolutePath());
                command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "kernel", "--train"));
                // the JVM lists every class it cannot archive: nothing a user needs to read
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.to(new File("/dev/null")))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return Optional.of("the recording run did not end within " + LIMIT_SECONDS + " s");
                }
                if (process.exitValue() != 0 || !Files.isRegularFile(archive)) {
                    return Optional.of("the recording run ended with exit " + process.exitValue() + " and no archive");
                }
                return Optional.empty();
            } catch (IOException e) {
                return Optional.of("the recording run could not start: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted");
            }
        };
    }
}
