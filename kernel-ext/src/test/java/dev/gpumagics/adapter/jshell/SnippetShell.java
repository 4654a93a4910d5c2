package dev.gpumagics.adapter.jshell;

import java.util.stream.Collectors;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.jspecify.annotations.Nullable;

/**
 * JShell as IJava 1.3.0 and JJava run it: in this process, on JDK's own direct execution (so a snippet
 * that throws arrives as {@link jdk.jshell.EvalException}, and a magic may evaluate code while its own
 * snippet runs), a cell split into snippets and run in order, the first failure thrown.
 */
public final class SnippetShell implements AutoCloseable {

    private final JShell jshell;

    /** Snippets compile against what this JVM has: here GpuMagics, libtorch, the kernel library. */
    public SnippetShell() {
        this(System.getProperty("java.class.path"));
    }

    /** @param classpath what snippets compile against and load from, beyond the JVM's own classes */
    public SnippetShell(String classpath) {
        jshell = JShell.builder().executionEngine("local").build();
        jshell.addToClasspath(classpath);
    }

    public JShell jshell() {
        return jshell;
    }

    /**
     * Runs a cell, snippet by snippet.
     *
     * @return the last snippet's value as JShell shows it, or null
     * @throws IllegalArgumentException when a snippet does not compile
     * @throws Exception what a snippet threw ({@link jdk.jshell.EvalException} for the notebook's own exceptions)
     */
    public @Nullable String eval(String cell) throws Exception {
        String value = null;
        String remaining = cell;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = jshell.sourceCodeAnalysis().analyzeCompletion(remaining);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY || info.source() == null) {
                break;
            }
            for (SnippetEvent event : jshell.eval(info.source())) {
                if (event.causeSnippet() != null) {
                    continue;
                }
                if (event.status() == Snippet.Status.REJECTED) {
                    throw new IllegalArgumentException("does not compile: " + info.source().strip() + "\n"
                            + jshell.diagnostics(event.snippet()).map(d -> d.getMessage(null)).collect(Collectors.joining("\n")));
                }
                if (event.exception() != null) {
                    throw event.exception();
                }
                value = event.value();
            }
            remaining = info.remaining();
        }
        return value;
    }

    @Override
    public void close() {
        jshell.close();
    }
}
