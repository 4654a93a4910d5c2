package dev.gpumagics.internal;

import dev.gpumagics.probe.value.Probed;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs an outside program with a time limit, reading stdout and stderr at once so that neither pipe
 * can fill and stall it, and keeping the caller's interrupt flag. Either to its end ({@link #run}), or until the
 * first line it prints ({@link #firstLine}), for a program whose exit is not waited for.
 */
public final class CommandRunner {

    /** What happens to a program once it has printed its first line. */
    public enum Ending {
        /** Killed (SIGKILL runs none of its exit code). */
        KILL,
        /** Its stdin is closed, and it exits by itself. */
        CLOSE_STDIN
    }

    /** How a run went; each caller words it. */
    public sealed interface Outcome {
        /** It could not be started. */
        record NotStarted(String why) implements Outcome {}

        /** It did not finish, or did not answer, within the limit, and was killed. */
        record TimedOut(Duration limit) implements Outcome {}

        /** The caller was interrupted while waiting; the program was killed and the interrupt flag is set again. */
        record Interrupted() implements Outcome {}

        /** Its output could not be read. */
        record Unreadable(String why) implements Outcome {}

        /** It ran to its end. */
        record Finished(int exitCode, String stdout, String stderr) implements Outcome {}

        /**
         * It printed a first line, and was then ended as asked.
         *
         * @param gone how long it took to go once ended; empty when it had not gone 2 s later (it is killed then)
         */
        record Answered(String line, Optional<Duration> gone) implements Outcome {}

        /** It closed its stdout without printing a line. */
        record Silent(String stderr) implements Outcome {}
    }

    private CommandRunner() {}

    /** Runs the program to its end, stdin empty. */
    public static Outcome run(List<String> command, Duration limit) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException | RuntimeException e) {
            return new Outcome.NotStarted(String.valueOf(e.getMessage()));
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Outcome.TimedOut(limit);
            }
            return new Outcome.Finished(process.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Outcome.Interrupted();
        } catch (ExecutionException e) {
            return new Outcome.Unreadable(String.valueOf(e.getCause()));
        }
    }

    /** The program's stdout when it exits 0 in time; else one line saying what went wrong. */
    public static Probed<String> stdout(List<String> command, Duration limit) {
        String name = command.get(0);
        Outcome outcome = run(command, limit);
        if (outcome instanceof Outcome.Finished finished) {
            if (finished.exitCode() == 0) {
                return Probed.present(finished.stdout());
            }
            String stderr = finished.stderr().strip();
            String said = stderr.isEmpty() ? finished.stdout().strip() : stderr;
            return Probed.unavailable(name + " failed (exit " + finished.exitCode() + ")"
                    + (said.isEmpty() ? "" : ": " + said.lines().findFirst().orElse("")), "");
        }
        if (outcome instanceof Outcome.NotStarted notStarted) {
            return Probed.unavailable(name + " could not start: " + notStarted.why(), "");
        }
        if (outcome instanceof Outcome.TimedOut timedOut) {
            return Probed.unavailable(name + " did not answer within " + timedOut.limit().toMillis() + " ms", "");
        }
        if (outcome instanceof Outcome.Interrupted) {
            return Probed.unavailable(name + " was interrupted", "");
        }
        return Probed.unavailable(name + " output could not be read: " + ((Outcome.Unreadable) outcome).why(), "");
    }

    /**
     * Starts the program with stdin open and waits, at most {@code limit}, for the first line of its stdout; then ends it
     * as {@code ending} says and waits up to 2 s for it to go, never longer: the answer is in hand.
     */
    public static Outcome firstLine(List<String> command, Duration limit, Ending ending) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException | RuntimeException e) {
            return new Outcome.NotStarted(String.valueOf(e.getMessage()));
        }
        CompletableFuture<Optional<String>> answer = firstLineOf(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            Optional<String> line = answer.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (line.isEmpty()) {
                String stderr = stderrOnceGone(err); // before the kill: destroying a process closes its streams
                process.destroyForcibly();
                return new Outcome.Silent(stderr);
            }
            return new Outcome.Answered(line.get(), end(process, ending));
        } catch (TimeoutException e) {
            process.destroyForcibly();
            return new Outcome.TimedOut(limit);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Outcome.Interrupted();
        } catch (ExecutionException e) {
            process.destroyForcibly();
            return new Outcome.Unreadable(String.valueOf(e.getCause()));
        }
    }

    private static Optional<Duration> end(Process process, Ending ending) {
        long start = System.nanoTime();
        if (ending == Ending.CLOSE_STDIN) {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                process.destroyForcibly();
            }
        } else {
            process.destroyForcibly();
        }
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                return Optional.of(Duration.ofNanos(System.nanoTime() - start));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly(); // and never wait for it again
        return Optional.empty();
    }

    /** What a program that closed its stdout without an answer said on stderr, read once it has closed that too (2 s at most). */
    private static String stderrOnceGone(CompletableFuture<String> err) {
        try {
            return err.get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (ExecutionException | TimeoutException e) {
            return "";
        }
    }

    /** On a thread of its own: a blocking read must not hold one of the common pool's few workers. */
    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        reader(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(e);
            }
        });
        return text;
    }

    /** The first line, as soon as it is there; the rest is read and dropped, so the pipe never fills. */
    private static CompletableFuture<Optional<String>> firstLineOf(InputStream stream) {
        CompletableFuture<Optional<String>> line = new CompletableFuture<>();
        reader(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                line.complete(Optional.ofNullable(lines.readLine()));
                while (lines.readLine() != null) {
                    // nothing more is expected; reading on keeps the program from blocking on a full pipe
                }
            } catch (IOException e) {
                line.complete(Optional.empty());
            }
        });
        return line;
    }

    private static void reader(Runnable read) {
        Thread thread = new Thread(read, "gpumagics-command-output");
        thread.setDaemon(true);
        thread.start();
    }
}
