package dev.gpumagics.probe;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real process whose name and arguments are bytes that are not UTF-8, as any program may be started: bash through
 * a link named {@code \xff\xfebash} (the kernel names the process after it, in status and stat), with the argv
 * {@code \xffarg0 -c 'read -t 60 _' caf\xe9}: it waits on its stdin, a pipe that stays open, and starts no child.
 */
public final class NonUtf8Process implements AutoCloseable {

    /** How its command line shows: each invalid byte as U+FFFD, the rest as it is. */
    public static final List<String> ARGUMENTS = List.of("\uFFFDarg0", "-c", "read -t 60 _", "caf\uFFFD");

    private final Process process;

    private NonUtf8Process(Process process) {
        this.process = process;
    }

    public static NonUtf8Process start(Path dir) throws Exception {
        Path script = dir.resolve("start.sh");
        Files.writeString(script, "name=$'\\xff\\xfebash'\nln -s \"$(command -v bash)\" \"$name\"\n"
                + "exec -a $'\\xffarg0' \"./$name\" -c 'read -t 60 _' $'caf\\xe9'\n");
        Process process = new ProcessBuilder("bash", script.toString()).directory(dir.toFile())
                .redirectErrorStream(true).start();
        NonUtf8Process started = new NonUtf8Process(process);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!cmdlineOf(process.pid()).contains("_\0caf")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String said = process.isAlive() ? "" : new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                started.close();
                throw new AssertionError("the process did not start as planned: " + said);
            }
            Thread.sleep(10);
        }
        return started;
    }

    /** Its raw command line, each byte as one char; empty until it can be read. */
    private static String cmdlineOf(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
