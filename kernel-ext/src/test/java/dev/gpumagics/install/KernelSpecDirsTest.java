package dev.gpumagics.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --sys-prefix} asks a real Python, or a real program in its place, under a time limit that holds. */
class KernelSpecDirsTest {

    private static final Path HOME = Path.of("/home/u");

    private static Path script(Path dir, String body) throws Exception {
        Path script = dir.resolve("python");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    void aPythonThatHangsWithItsOutputOpenIsStoppedAtTheLimit(@TempDir Path dir) throws Exception {
        // prints, then sleeps as the same process with stdout and stderr still open: reading to the end would wait for good
        Path pidFile = dir.resolve("pid");
        Path python = script(dir, "echo $$ > " + pidFile + "; echo /partial; exec sleep 600");
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new KernelSpecDirs(Map.of("GPUMAGICS_PYTHON", python.toString()), HOME, Duration.ofMillis(500)).sysPrefix());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals("--sys-prefix needs Python's sys.prefix: " + python + " did not answer within 500 ms"
                + " (set GPUMAGICS_PYTHON to the Python that runs Jupyter)", e.getMessage());
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "stopped after " + took);
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        Optional<ProcessHandle> sleeper = ProcessHandle.of(pid);
        if (sleeper.isPresent()) {
            sleeper.get().onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the hanging Python is killed, not left behind");
    }

    @Test
    void aPythonThatFailsOrSaysNothingIsOneLine(@TempDir Path dir) throws Exception {
        Path failing = script(dir, "echo 'No module named sys' >&2; exit 1");
        assertEquals("--sys-prefix needs Python's sys.prefix: " + failing + " failed (exit 1): No module named sys"
                        + " (set GPUMAGICS_PYTHON to the Python that runs Jupyter)",
                assertThrows(IllegalStateException.class,
                        () -> new KernelSpecDirs(Map.of("GPUMAGICS_PYTHON", failing.toString()), HOME).sysPrefix()).getMessage());
        assertEquals("--sys-prefix needs Python's sys.prefix: /nonexistent/python could not start: ",
                assertThrows(IllegalStateException.class,
                        () -> new KernelSpecDirs(Map.of("GPUMAGICS_PYTHON", "/nonexistent/python"), HOME).sysPrefix())
                        .getMessage().replaceFirst("could not start: .*", "could not start: "));
        Path silent = script(dir, "exit 0");
        assertEquals("--sys-prefix: " + silent + " printed no sys.prefix (set GPUMAGICS_PYTHON to the Python that runs Jupyter)",
                assertThrows(IllegalStateException.class,
                        () -> new KernelSpecDirs(Map.of("GPUMAGICS_PYTHON", silent.toString()), HOME).sysPrefix()).getMessage());
    }
}
