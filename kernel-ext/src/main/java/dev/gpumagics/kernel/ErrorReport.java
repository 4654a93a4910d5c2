package dev.gpumagics.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * What a failed cell shows: the real exception class and message, and a stack trace cut to the
 * notebook's own frames (IJava shows {@code EvalException} and the kernel's frames), with runaway
 * recursion folded to how often its frames repeat. A usage error from a magic whose message is one
 * line, and a refused exit, are shown as just that line; a magic's failure in a {@code %load}ed file
 * starts with the file and line.
 *
 * @param ename the exception's class name ({@code java.lang.ArithmeticException})
 * @param evalue its message, or empty
 * @param traceback the lines to show, without newlines inside
 */
public record ErrorReport(String ename, String evalue, List<String> traceback) {

    private static final int MAX_CAUSES = 5;

    /** The JVM's default cap on a stack trace (MaxJavaStackTraceDepth): a trace this long may have been cut. */
    private static final int KEPT_FRAMES = 1024;

    /** A magic failed; carries the magic's name and its line in the cell (1 for the first, 0 if not known). */
    static final class MagicFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String magic;
        final int line;

        MagicFailure(String magic, Throwable cause) {
            this(magic, 0, cause);
        }

        MagicFailure(String magic, int line, Throwable cause) {
            super(cause.getMessage(), cause);
            this.magic = magic;
            this.line = line;
        }
    }

    /** A failure in a file that {@code %load} ran: shown as the failure itself, prefixed with where it was. */
    static final class InFile extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String where;

        /** @param where the file and line, {@code /work/setup.jshell, line 3} */
        InFile(String where, RuntimeException failure) {
            super(where + ": " + failure.getMessage(), failure);
            this.where = where;
        }
    }

    public static ErrorReport of(Throwable failure) {
        if (failure instanceof ValueDisplay.RenderFailure render && render.getCause() != null) {
            Throwable thrown = render.getCause();
            // what the value's toString() threw, from the notebook's code down: not the kernel's frames that showed it
            return thrown instanceof ExitRefusedException ? of(thrown)
                    : ofThrown(thrown, frame -> frame.getClassName().startsWith("dev.gpumagics.kernel."), true);
        }
        if (failure instanceof InFile inFile && inFile.getCause() != null) {
            return of(inFile.getCause()).prefixed(inFile.where + ": ");
        }
        if (failure instanceof MagicFailure magic && magic.getCause() instanceof InFile inFile) {
            return of(inFile);
        }
        if (failure instanceof ExitRefusedException refused) {
            return oneLine(refused.getClass().getName(), String.valueOf(refused.getMessage())); // from showing a value: its toString()
        }
        if (failure instanceof NotebookShell.CompileException compile) {
            String message = compile.getMessage() == null ? "" : compile.getMessage();
            return new ErrorReport("CompilationError", message.lines().findFirst().orElse(""), message.lines().toList());
        }
        if (failure instanceof NotebookShell.UserException user && user.getCause() != null) {
            if (user.getCause() instanceof ExitRefusedException refused) {
                return oneLine(refused.getClass().getName(), String.valueOf(refused.getMessage()));
            }
            return ofThrown(user.getCause(), ErrorReport::isKernelFrame, false);
        }
        if (failure instanceof MagicFailure magic && magic.getCause() != null) {
            Throwable cause = magic.getCause();
            String message = cause.getMessage();
            if (isUsageError(cause) && message != null && !message.isBlank() && message.lines().count() == 1) {
                return oneLine(cause.getClass().getSimpleName(), message);
            }
            return ofThrown(cause, frame -> frame.getClassName().startsWith("dev.gpumagics.kernel.Cell"), false);
        }
        return ofThrown(failure, frame -> false, false);
    }

    /** A wrong call of a magic, said in one line: arguments, unknown magic, unresolvable coordinates. */
    private static boolean isUsageError(Throwable e) {
        return e instanceof IllegalArgumentException || e.getClass().getSimpleName().endsWith("UsageException");
    }

    private static ErrorReport oneLine(String ename, String message) {
        return new ErrorReport(ename, message, List.of(message));
    }

    /** The same report with {@code prefix} before its message and its first line. */
    private ErrorReport prefixed(String prefix) {
        List<String> lines = new ArrayList<>(traceback);
        if (lines.isEmpty()) {
            lines.add(evalue);
        }
        lines.set(0, prefix + lines.get(0));
        return new ErrorReport(ename, prefix + evalue, lines);
    }

    /**
     * @param toNotebook whether the library frames between the last notebook frame and {@code stopAt} go too: those of
     *     the kernel's own call into the notebook's code ({@code String.valueOf} for a toString()), when there is one
     */
    private static ErrorReport ofThrown(Throwable thrown, java.util.function.Predicate<StackTraceElement> stopAt, boolean toNotebook) {
        List<String> lines = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable current = thrown;
        for (int depth = 0; current != null && depth < MAX_CAUSES && seen.add(current); depth++) {
            lines.add((depth == 0 ? "" : "Caused by: ") + headline(current));
            List<String> frames = new ArrayList<>();
            List<Boolean> notebookFrames = new ArrayList<>();
            boolean reachedKernel = false;
            for (StackTraceElement frame : current.getStackTrace()) {
                if (stopAt.test(frame)) {
                    reachedKernel = true;
                    break;
                }
                frames.add("\tat " + describe(frame));
                notebookFrames.add(isNotebookFrame(frame));
            }
            if (toNotebook && notebookFrames.contains(true)) {
                while (!notebookFrames.get(notebookFrames.size() - 1)) {
                    notebookFrames.remove(notebookFrames.size() - 1);
                    frames.remove(frames.size() - 1);
                }
            }
            lines.addAll(RepeatedFrames.fold(frames));
            if (!reachedKernel && frames.size() >= KEPT_FRAMES) {
                lines.add(String.format(java.util.Locale.ROOT, "\t[the JVM kept only the innermost %,d frames]", frames.size()));
            }
            current = current.getCause();
        }
        return new ErrorReport(thrown.getClass().getName(), firstLine(thrown.getMessage()), lines);
    }

    /** libtorch's messages carry a C++ backtrace after the first line: the first line is the message. */
    private static String firstLine(@org.jspecify.annotations.Nullable String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    private static String headline(Throwable t) {
        String message = firstLine(t.getMessage());
        return message.isEmpty() ? t.getClass().getName() : t.getClass().getName() + ": " + message;
    }

    /** Where the notebook's code ends: JShell's reflective call into a snippet, and everything below. */
    private static boolean isKernelFrame(StackTraceElement frame) {
        String cls = frame.getClassName();
        return cls.startsWith("jdk.internal.reflect.") || cls.equals("java.lang.reflect.Method")
                || cls.startsWith("dev.gpumagics.kernel.NotebookExecutionControl");
    }

    private static boolean isNotebookFrame(StackTraceElement frame) {
        return frame.getClassName().startsWith("REPL.$JShell$");
    }

    /** A snippet's frame says "cell" rather than JShell's generated class name. */
    private static String describe(StackTraceElement frame) {
        if (frame.getClassName().startsWith("REPL.$JShell$")) {
            // JShell's line numbers count its generated wrapper, not the cell: leave them out
            String method = frame.getMethodName();
            return method.startsWith("do_it$") ? "the cell" : method + ", declared in the notebook";
        }
        String text = frame.toString();
        return text.startsWith("gpumagics-notebook//") ? text.substring("gpumagics-notebook//".length()) : text;
    }
}
