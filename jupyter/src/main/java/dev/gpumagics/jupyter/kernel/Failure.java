package dev.gpumagics.jupyter.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * An error as Jupyter shows it.
 *
 * @param ename the error's name ({@code java.lang.IllegalStateException})
 * @param evalue its message, or empty
 * @param traceback the lines to show
 */
public record Failure(String ename, String evalue, List<String> traceback) {

    public Failure {
        traceback = List.copyOf(traceback);
    }

    /** One line, no stack: what a request that cannot be served gets. */
    public static Failure ofLine(String ename, String line) {
        return new Failure(ename, line, List.of(line));
    }

    /**
     * The last resort for a throwable the kernel did not describe itself: class, message and at most
     * {@code maxFrames} frames, so that a StackOverflowError does not become a thousand lines.
     */
    public static Failure ofThrowable(Throwable thrown, int maxFrames) {
        String message = thrown.getMessage() == null ? "" : thrown.getMessage().lines().findFirst().orElse("");
        List<String> lines = new ArrayList<>();
        lines.add(message.isEmpty() ? thrown.getClass().getName() : thrown.getClass().getName() + ": " + message);
        StackTraceElement[] frames = thrown.getStackTrace();
        for (int i = 0; i < Math.min(maxFrames, frames.length); i++) {
            lines.add("\tat " + frames[i]);
        }
        if (frames.length > maxFrames) {
            lines.add("\t... " + (frames.length - maxFrames) + " more");
        }
        return new Failure(thrown.getClass().getName(), message, lines);
    }
}
