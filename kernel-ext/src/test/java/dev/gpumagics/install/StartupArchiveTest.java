package dev.gpumagics.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recording that cannot be made says why in one line, and soon: it never holds install up. */
class StartupArchiveTest {

    private static Path script(Path dir, String body) throws Exception {
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }

    @Test
    void aJvmThatRefusesToRecordIsOneLineWithItsOwnWords(@TempDir Path dir) throws Exception {
        Path java = script(dir, "echo '[0.01s][warning][cds] Skipping something'\n"
                + "echo 'Error: Could not create the Java Virtual Machine.'\necho '[0.02s][info][cds] more log'\nexit 1");
        long start = System.nanoTime();
        Optional<String> why = StartupArchive.inChildJvm().record(java, dir.resolve("gpumagics.jar"), dir.resolve("a.jsa"));
        assertEquals(Optional.of("the recording run ended with exit 1 and no archive: Error: Could not create the Java Virtual Machine."), why);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "said within seconds");
    }

    @Test
    void aRecordingThatDoesNotEndIsStoppedAtTheLimit(@TempDir Path dir) throws Exception {
        Path java = script(dir, "exec sleep 600");
        Optional<String> why = StartupArchive.inChildJvm(Duration.ofSeconds(1)).record(java, dir.resolve("j.jar"), dir.resolve("a.jsa"));
        assertEquals(Optional.of("the recording run did not end within 1 s"), why);
    }

    @Test
    void aJavaThatIsNotThereIsOneLine(@TempDir Path dir) {
        Optional<String> why = StartupArchive.inChildJvm().record(dir.resolve("no-java"), dir.resolve("j.jar"), dir.resolve("a.jsa"));
        assertTrue(why.orElseThrow().startsWith("the recording run could not start: "), why.toString());
        assertEquals(1, why.orElseThrow().lines().count());
    }
}
