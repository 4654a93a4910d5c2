package dev.gpumagics.context.checkpoint;

import dev.gpumagics.context.checkpoint.ControllerReply.Failed;
import dev.gpumagics.internal.CommandRunner.Outcome;
import dev.gpumagics.internal.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The real {@link Checkpointer}: a second JVM running {@link CheckpointHelper} on this process's pid,
 * as the measured recipe did. Designed around the hang after a checkpoint (docs/FACTS.md): the answer is read from
 * the helper's first stdout line, not from its exit; the helper is then killed (SIGKILL runs none of
 * its exit code), and a helper that does not answer in time is killed too, so a caller waits at most
 * the time limit.
 */
public final class HelperProcess implements Checkpointer {

    /** How long the driver may wait for in-flight CUDA work before it gives up locking, leaving the process running. */
    static final int DEFAULT_LOCK_TIMEOUT_MS = 10_000;

    /** What happens to a helper once it has answered. */
    public enum Exit {
        /** Killed: the default, since its exit is a suspect in the recorded hang. */
        KILL,
        /** Closes its stdin and lets it exit by itself (for the GPU diagnosis of that hang). */
        NORMAL
    }

    private final Supplier<List<String>> command;
    private final Duration limit;
    private final Exit exit;
    private volatile Optional<Duration> lastExit = Optional.empty();

    /**
     * @param javaCommand the helper's command line, to which the request is added as the last argument
     * @param limit the longest a suspend or resume may take, helper start included; parking 80 GB at the
     *     measured 1.85 GB/s takes about 45 s
     */
    public HelperProcess(List<String> javaCommand, Duration limit, Exit exit) {
        this(() -> javaCommand, limit, exit);
    }

    private HelperProcess(Supplier<List<String>> javaCommand, Duration limit, Exit exit) {
        this.command = javaCommand;
        this.limit = limit;
        this.exit = exit;
    }

    /**
     * A helper JVM from this JVM's own java and the jars that hold GpuMagics and the cuda preset, found at the first
     * suspend or resume: registering the magics reads no jar and loads no JavaCPP class.
     */
    public static HelperProcess forThisJvm() {
        return new HelperProcess(new Memo<>(HelperCommand::forThisJvm), Duration.ofMinutes(5), Exit.KILL);
    }

    @Override
    public ControllerReply suspend(long pid) {
        return run(limit, new ControllerRequest(ControllerRequest.Operation.SUSPEND, pid, DEFAULT_LOCK_TIMEOUT_MS, Optional.empty()));
    }

    @Override
    public ControllerReply resume(long pid, Optional<BytesPerDevice> need) {
        return run(limit, new ControllerRequest(ControllerRequest.Operation.RESUME, pid, DEFAULT_LOCK_TIMEOUT_MS, need));
    }

    @Override
    public ControllerReply state(long pid) {
        return run(Duration.ofSeconds(30), new ControllerRequest(ControllerRequest.Operation.STATE, pid, DEFAULT_LOCK_TIMEOUT_MS,
                Optional.empty()));
    }

    /** How long the last helper took to go once it had answered; empty when it had not gone 2 s later. */
    public Optional<Duration> lastExit() {
        return lastExit;
    }

    ControllerReply run(Duration timeLimit, ControllerRequest request) {
        List<String> java = command.get();
        List<String> full = new ArrayList<>(java);
        full.add(WireFormat.request(request));
        Outcome outcome = CommandRunner.firstLine(full, timeLimit,
                exit == Exit.KILL ? CommandRunner.Ending.KILL : CommandRunner.Ending.CLOSE_STDIN);
        if (outcome instanceof Outcome.Answered answered) {
            lastExit = answered.gone();
            return ControllerReply.parse(answered.line());
        }
        lastExit = Optional.empty();
        if (outcome instanceof Outcome.NotStarted notStarted) {
            return failed("cannot start the checkpoint helper (" + java.get(0) + "): " + notStarted.why());
        }
        if (outcome instanceof Outcome.Silent silent) {
            return failed("the checkpoint helper ended without an answer: " + tail(silent.stderr()));
        }
        if (outcome instanceof Outcome.TimedOut) {
            return failed("the checkpoint helper did not answer within " + timeLimit.toSeconds() + " s and was stopped");
        }
        if (outcome instanceof Outcome.Interrupted) {
            return failed("interrupted while waiting for the checkpoint helper");
        }
        return failed("reading the checkpoint helper's answer failed: " + ((Outcome.Unreadable) outcome).why());
    }

    /** Computes once, on first use. */
    private static final class Memo<T> implements Supplier<T> {
        private final Supplier<T> compute;
        private @Nullable T value;

        Memo(Supplier<T> compute) {
            this.compute = compute;
        }

        @Override
        public synchronized T get() {
            T known = value;
            if (known == null) {
                known = compute.get();
                value = known;
            }
            return known;
        }
    }

    private static Failed failed(String reason) {
        return new Failed(reason, Optional.empty());
    }

    /** The last three lines of what it said on stderr. */
    private static String tail(String stderr) {
        List<String> lines = stderr.lines().toList();
        return lines.isEmpty() ? "(no output)" : String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
}
