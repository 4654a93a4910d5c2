package dev.gpumagics.internal;

import dev.gpumagics.probe.value.Probed;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs an outside program with a time limit, reading stdout and stderr at once so that neither pipe
 * can fill and stall it, and keeping the caller's interrupt flag.
 */
public final class CommandRunner {

    private CommandRunner() {}

    /** The program's stdout when it exits 0 in time; else one line saying what went wrong. */
    public static Probed<String> run(List<String> command, Duration limit) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException | RuntimeException e) {
            return Probed.unavailable(command.get(0) + " could not start: " + e.getMessage(), "");
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Probed.unavailable(command.get(0) + " did not answer within " + limit.toMillis() + " ms", "");
            }
            String stdout = out.get();
            String stderr = err.get().strip();
            if (process.exitValue() != 0) {
                String said = stderr.isEmpty() ? stdout.strip() : stderr;
                return Probed.unavailable(command.get(0) + " failed (exit " + process.exitValue() + ")"
                        + (said.isEmpty() ? "" : ": " + said.lines().findFirst().orElse("")), "");
            }
            return Probed.present(stdout);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return Probed.unavailable(command.get(0) + " was interrupted", "");
        } catch (ExecutionException e) {
            return Probed.unavailable(command.get(0) + " output could not be read: " + e.getCause().getMessage(), "");
        }
    }

    /** On a thread of its own: a blocking read must not hold one of the common pool's few workers. */
    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(new UncheckedIOException(e));
            }
        }, "gpumagics-command-output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
