package dev.gpumagics.kernel;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import org.jspecify.annotations.Nullable;

/**
 * The notebook's Java: JShell running snippets in this process (IJava's model), on a worker thread,
 * with live results. Not thread-safe: the kernel calls it from its one shell thread.
 */
public final class NotebookShell implements AutoCloseable {

    /** What a cell's last snippet gave: a value to show, or nothing (a declaration, a statement). */
    public record Result(boolean hasValue, @Nullable Object value) {
        static final Result NONE = new Result(false, null);
    }

    private final NotebookClassLoader loader;
    private final NotebookLoaderDelegate delegate;
    private final NotebookExecutionControl control;
    private final java.util.concurrent.CompletableFuture<JShell> building;
    private final JShellVariables variables;
    private boolean kernelClasspathAdded;

    private NotebookShell(ClassLoader parent, List<String> compilerOptions) {
        this.loader = new NotebookClassLoader(parent);
        this.delegate = new NotebookLoaderDelegate(loader);
        this.control = new NotebookExecutionControl(delegate);
        ExecutionControlProvider provider = new ExecutionControlProvider() {
            @Override
            public String name() {
                return "gpumagics";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return control;
            }
        };
        List<String> options = new ArrayList<>(compilerOptions);
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        // building JShell loads javac (a few hundred ms): done beside the kernel's start, not before it
        this.building = java.util.concurrent.CompletableFuture.supplyAsync(() -> JShell.builder()
                .executionEngine(provider, Map.of())
                .compilerOptions(options.toArray(String[]::new))
                .out(quiet)
                .err(quiet)
                .build(), task -> {
                    Thread thread = new Thread(task, "gpumagics-jshell-start");
                    thread.setDaemon(true);
                    thread.start();
                });
        this.variables = new JShellVariables(this::jshell, control, loader);
    }

    synchronized JShell jshell() {
        JShell jshell = building.join();
        if (!kernelClasspathAdded) {
            // snippets may name the kernel's classes (GpuMagics' own); a --class-path compiler option
            // would replace the classpath that %maven adds to, so it goes through addToClasspath
            kernelClasspathAdded = true;
            delegate.forCompilerOnly(() -> jshell.addToClasspath(System.getProperty("java.class.path")));
        }
        return jshell;
    }

    /** A fresh JShell whose snippet classes see the caller's class loader's classes. */
    public static NotebookShell start() {
        return start(List.of());
    }

    public static NotebookShell start(List<String> compilerOptions) {
        return start(NotebookShell.class.getClassLoader(), compilerOptions);
    }

    /** A fresh JShell whose notebook class loader has {@code parent} as its parent. */
    public static NotebookShell start(ClassLoader parent, List<String> compilerOptions) {
        return new NotebookShell(parent, compilerOptions);
    }

    /**
     * Runs a cell's Java, snippet by snippet.
     *
     * @return the live value of the last snippet if it was an expression
     * @throws CompileException when a snippet does not compile; earlier snippets have run
     * @throws UserException when a snippet threw; earlier snippets have run
     */
    public Result eval(String code) {
        Result result = Result.NONE;
        String remaining = code;
        List<VarSnippet> spent = new ArrayList<>();
        try {
            while (!remaining.isBlank()) {
                SourceCodeAnalysis.CompletionInfo info = jshell().sourceCodeAnalysis().analyzeCompletion(remaining);
                String source = info.source();
                if (source == null || info.completeness() == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE) {
                    throw new CompileException("incomplete code: " + firstLine(remaining.strip()));
                }
                if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                    break;
                }
                result = evalSnippet(source, spent, false);
                remaining = info.remaining();
            }
            return result;
        } finally {
            spent.forEach(this::forget);
        }
    }

    /**
     * Evaluates one expression and keeps nothing of it: its {@code $N} is dropped whatever it holds (a frontend's
     * user_expressions, which must leave the notebook as it was).
     *
     * @throws CompileException when it is not one expression (a statement, a declaration, an assignment, several)
     *     or does not compile
     * @throws UserException when it threw
     */
    public Result evaluate(String expression) {
        List<Snippet> parsed = jshell().sourceCodeAnalysis().sourceToSnippets(expression.strip());
        if (parsed.size() != 1 || !isExpression(parsed.get(0))) {
            throw new CompileException("not one Java expression (a user expression leaves the notebook as it was, so a"
                    + " statement, a declaration or an assignment is not run): " + firstLine(expression.strip()));
        }
        List<VarSnippet> spent = new ArrayList<>();
        try {
            return evalSnippet(expression.strip(), spent, true);
        } finally {
            spent.forEach(this::forget);
        }
    }

    /** An expression, or code JShell cannot classify yet (its compile errors say why). */
    private static boolean isExpression(Snippet snippet) {
        return switch (snippet.subKind()) {
            case TEMP_VAR_EXPRESSION_SUBKIND, VAR_VALUE_SUBKIND, OTHER_EXPRESSION_SUBKIND, UNKNOWN_SUBKIND -> true;
            default -> false;
        };
    }

    private Result evalSnippet(String source, List<VarSnippet> spent, boolean keepNoTemporary) {
        java.util.Optional<String> tooLong = LongStringConstants.problem(source);
        if (tooLong.isPresent()) {
            throw new CompileException(tooLong.get());
        }
        control.beginSnippet();
        List<SnippetEvent> events = jshell().eval(source);
        Result result = Result.NONE;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue; // a dependent snippet updated by this one
            }
            Snippet snippet = event.snippet();
            if (event.status() == Snippet.Status.REJECTED) {
                throw new CompileException(diagnostics(snippet, source));
            }
            if (refused(event)) {
                String diagnostics = diagnostics(snippet, source);
                jshell().drop(snippet); // kept, it would be an active snippet that never defines anything
                throw new CompileException(diagnostics);
            }
            boolean threw = control.wasStopped() || event.exception() != null;
            if (snippet instanceof VarSnippet temp && SpentTemporaries.isTemporary(temp) && event.status().isActive()
                    && (keepNoTemporary || threw || !control.hasValue() || SpentTemporaries.holdsNothingToKeep(control.lastValue()))) {
                spent.add(temp);
            }
            if (control.wasStopped()) {
                InterruptedException interrupted = new InterruptedException("the cell was interrupted");
                interrupted.setStackTrace(new StackTraceElement[0]); // where the kernel noticed is no use to anyone
                throw new UserException(interrupted, source);
            }
            if (event.exception() != null) {
                throw userException(event.exception(), source);
            }
            if (showsValue(snippet) && control.hasValue()) {
                result = new Result(true, control.lastValue());
            }
        }
        return result;
    }

    /**
     * Drops a {@code $N} temporary that holds nothing worth keeping, its value shown already: every
     * active snippet is one more import in every later compile and its wrapper source is kept with
     * each later snippet, so a notebook's thousand {@code 1+1}s would slow and grow every cell after them.
     */
    private void forget(VarSnippet temp) {
        variables.release(temp); // the dropped snippet's class stays loaded: its field must not keep a String alive
        jshell().drop(temp);
    }

    private UserException userException(Exception reported, String source) {
        if (reported instanceof UnresolvedReferenceException unresolved) {
            return new UserException(new IllegalStateException(
                    "uses something not yet defined: " + unresolved.getSnippet().source().strip()), source);
        }
        Throwable live = control.lastThrown();
        if (live == null && reported instanceof EvalException eval) {
            live = new RuntimeException(eval.getExceptionClassName() + ": " + eval.getMessage());
        }
        return new UserException(live != null ? live : reported, source);
    }

    /**
     * JShell compiled the snippet but did not define it, and waits for nothing: javac refused it at code generation
     * (a constant string too long for a class file, a method too large). JShell calls that recoverable, as it calls a
     * declaration that waits for a class not yet declared; only the latter is worth keeping.
     */
    private boolean refused(SnippetEvent event) {
        Snippet.Status status = event.status();
        if (status != Snippet.Status.RECOVERABLE_NOT_DEFINED && status != Snippet.Status.RECOVERABLE_DEFINED) {
            return false;
        }
        return !(event.snippet() instanceof DeclarationSnippet declaration
                && jshell().unresolvedDependencies(declaration).findAny().isPresent());
    }

    private static boolean showsValue(Snippet snippet) {
        return switch (snippet.subKind()) {
            case TEMP_VAR_EXPRESSION_SUBKIND, VAR_VALUE_SUBKIND, ASSIGNMENT_SUBKIND, OTHER_EXPRESSION_SUBKIND -> true;
            default -> false;
        };
    }

    private String diagnostics(Snippet snippet, String source) {
        List<Diag> diags = jshell().diagnostics(snippet).collect(Collectors.toList());
        if (diags.isEmpty()) {
            return "does not compile: " + firstLine(source.strip());
        }
        return diags.stream().map(d -> {
            String at = shortened(lineAt(source, (int) d.getStartPosition()));
            return d.getMessage(null) + (at.isEmpty() ? "" : "\n    " + at);
        }).collect(Collectors.joining("\n"));
    }

    private static String lineAt(String source, int position) {
        if (position < 0 || position > source.length()) {
            return "";
        }
        int start = source.lastIndexOf('\n', Math.max(0, position - 1)) + 1;
        int end = source.indexOf('\n', position);
        return source.substring(start, end < 0 ? source.length() : end).strip();
    }

    /** A line of code in an error, cut where it would be longer than a screen (a 70,000-character literal). */
    private static String shortened(String line) {
        return line.length() <= SHOWN_LINE ? line
                : line.substring(0, SHOWN_LINE) + String.format(java.util.Locale.ROOT, " ... (%,d characters)", line.length());
    }

    private static final int SHOWN_LINE = 160;

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline) + " ...";
    }

    /** JShell's own analysis: completion, documentation, completeness. */
    public SourceCodeAnalysis analysis() {
        return jshell().sourceCodeAnalysis();
    }

    /** Adds jars or class folders for the compiler and the notebook's class loader alike. */
    public void addToClasspath(Path entry) {
        jshell().addToClasspath(entry.toAbsolutePath().toString());
    }

    /** The class loader of the notebook's code: snippets and everything {@code %maven} added. */
    public NotebookClassLoader classLoader() {
        return loader;
    }

    /** Where the snippets run: for state kept per thread, and for reading single variables. */
    NotebookExecutionControl executionControl() {
        return control;
    }

    /** The notebook's variables with their live values. */
    public JShellVariables variables() {
        return variables;
    }

    /** Stops the running snippet, if any; called from another thread. */
    public void interrupt() {
        control.stop();
    }

    @Override
    public void close() {
        jshell().close();
    }

    /** A snippet that does not compile; the message is javac's, with the offending line. */
    public static final class CompileException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CompileException(String message) {
            super(message);
        }
    }

    /** A snippet threw; {@link #getCause()} is the live exception the notebook's code threw. */
    public static final class UserException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String source;

        UserException(Throwable thrown, String source) {
            super(thrown.toString(), thrown);
            this.source = source;
        }

        /** The snippet that threw. */
        public String source() {
            return source;
        }
    }
}
