package dev.gpumagics.kernel;

import dev.gpumagics.jupyter.kernel.Completeness;
import dev.gpumagics.jupyter.kernel.Completion;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Completion (tab), inspection (shift-tab) and is_complete, by JShell's analysis of the one snippet
 * of the cell that holds the cursor. Magic lines are blanked out first, keeping every offset.
 */
final class JavaAnalysis {

    private final NotebookShell shell;

    JavaAnalysis(NotebookShell shell) {
        this.shell = shell;
    }

    /** The snippet around {@code cursor}: its text and where it starts in the cell. */
    private record Snippet(String text, int start) {}

    private Snippet snippetAt(String cell, int cursor) {
        String java = withoutMagics(cell);
        SourceCodeAnalysis analysis = shell.analysis();
        int start = 0;
        while (start < java.length()) {
            String rest = java.substring(start);
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            int end = start + rest.length() - info.remaining().length();
            if (end >= cursor || info.remaining().isBlank() || end <= start) {
                return new Snippet(java.substring(start, Math.max(end, cursor)), start);
            }
            start = end;
        }
        return new Snippet("", cursor);
    }

    /** Magic lines (as {@link CellRunner} tells them) become spaces: JShell sees only Java, and offsets stay those of the cell. */
    private String withoutMagics(String cell) {
        if (cell.stripLeading().startsWith("%%")) {
            return " ".repeat(cell.length());
        }
        StringBuilder java = new StringBuilder(cell.length());
        boolean first = true;
        for (String line : cell.split("\n", -1)) {
            if (!first) {
                java.append('\n');
            }
            first = false;
            java.append(CellRunner.isMagicLine(line.strip(), java, shell.analysis()) ? " ".repeat(line.length()) : line);
        }
        return java.toString();
    }

    Completion complete(String cell, int cursor) {
        Snippet snippet = snippetAt(cell, cursor);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                shell.analysis().completionSuggestions(snippet.text(), cursor - snippet.start(), anchor);
        Set<String> options = new LinkedHashSet<>();
        // the ones that match the expected type first, as JShell's own console orders them
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                .map(SourceCodeAnalysis.Suggestion::continuation).forEach(options::add);
        suggestions.stream().map(SourceCodeAnalysis.Suggestion::continuation).forEach(options::add);
        return new Completion(List.copyOf(options), snippet.start() + anchor[0], cursor);
    }

    /** The signature and javadoc of what the cursor is on, as plain text. */
    Optional<String> inspect(String cell, int cursor, boolean detail) {
        Snippet snippet = snippetAt(cell, cursor);
        int at = cursor - snippet.start();
        // JShell documents the call whose argument list the cursor is in; step past a name to reach it
        String text = snippet.text();
        int end = at;
        while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
            end++;
        }
        String probe = text.substring(0, end) + (end < text.length() && text.charAt(end) == '(' ? "(" : "");
        List<SourceCodeAnalysis.Documentation> docs = shell.analysis().documentation(probe, probe.length(), detail);
        if (docs.isEmpty() && !probe.endsWith("(")) {
            // a method's name alone (Math.max) documents nothing in JShell: its call does
            docs = shell.analysis().documentation(probe + "(", probe.length() + 1, detail);
        }
        if (docs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(docs.stream()
                .map(d -> d.signature() + (d.javadoc() == null || d.javadoc().isBlank() ? "" : "\n" + d.javadoc().strip()))
                .collect(Collectors.joining("\n\n")));
    }

    Completeness isComplete(String cell) {
        String java = withoutMagics(cell);
        String rest = java;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = shell.analysis().analyzeCompletion(rest);
            SourceCodeAnalysis.Completeness state = info.completeness();
            if (state == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE
                    || state == SourceCodeAnalysis.Completeness.CONSIDERED_INCOMPLETE) {
                return Completeness.incomplete("    ");
            }
            if (state == SourceCodeAnalysis.Completeness.UNKNOWN) {
                return Completeness.of(Completeness.Status.INVALID);
            }
            if (state == SourceCodeAnalysis.Completeness.EMPTY || info.remaining().equals(rest)) {
                break;
            }
            rest = info.remaining();
        }
        return Completeness.of(Completeness.Status.COMPLETE);
    }
}
