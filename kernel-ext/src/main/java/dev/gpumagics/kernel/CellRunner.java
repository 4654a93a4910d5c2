package dev.gpumagics.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import org.jspecify.annotations.Nullable;

/**
 * Runs a cell: a {@code %%magic} cell goes to its cell magic whole; otherwise each {@code %magic} line
 * runs where it stands, between the Java before and after it, so that {@code %maven} can come first
 * and the imports of what it added follow in the same cell.
 */
final class CellRunner {

    private final NotebookShell shell;
    private final MagicTable magics;

    CellRunner(NotebookShell shell, MagicTable magics) {
        this.shell = shell;
        this.magics = magics;
    }

    /** The cell's last value, if its last step was an expression or a magic that returned something. */
    NotebookShell.Result run(String cell) {
        String stripped = cell.stripLeading();
        if (stripped.startsWith("%%")) {
            int headerLine = 1 + (int) cell.substring(0, cell.length() - stripped.length()).chars().filter(c -> c == '\n').count();
            int newline = stripped.indexOf('\n');
            String header = newline < 0 ? stripped.substring(2) : stripped.substring(2, newline);
            String body = newline < 0 ? "" : stripped.substring(newline + 1);
            List<String> words = magicWords(header, headerLine);
            if (words.isEmpty()) {
                throw new ErrorReport.MagicFailure("", headerLine, new IllegalArgumentException("%% needs a cell magic's name"));
            }
            String name = words.get(0);
            return magicResult(name, headerLine, "no cell magic named %%" + name + " (a line magic takes one %: %" + name + ")",
                    () -> magics.cell(name).orElseThrow(Undefined::new).run(words.subList(1, words.size()), body));
        }
        NotebookShell.Result result = NotebookShell.Result.NONE;
        StringBuilder java = new StringBuilder();
        int number = 0;
        for (String line : cell.split("\n", -1)) {
            number++;
            String trimmed = line.strip();
            if (isMagicLine(trimmed, java, shell.analysis())) {
                result = flush(java, result);
                List<String> words = magicWords(trimmed.substring(1), number);
                if (words.isEmpty()) {
                    throw new ErrorReport.MagicFailure("", number, new IllegalArgumentException("% needs a magic's name"));
                }
                String name = words.get(0);
                result = magicResult(name, number, "no magic named %" + name,
                        () -> magics.line(name).orElseThrow(Undefined::new).run(words.subList(1, words.size())));
            } else {
                java.append(line).append('\n');
            }
        }
        return flush(java, result);
    }

    private NotebookShell.Result flush(StringBuilder java, NotebookShell.Result previous) {
        String code = java.toString();
        java.setLength(0);
        return code.isBlank() ? previous : shell.eval(code);
    }

    /** No magic of the name the cell gave. */
    private static final class Undefined extends Exception {
        private static final long serialVersionUID = 1L;

        Undefined() {
            super(null, null, false, false);
        }
    }

    private interface MagicCall {
        @Nullable Object call() throws Exception;
    }

    /**
     * A {@code %name} line (a name starting with a letter, then nothing or a space) where the Java before it
     * in the cell is not cut off in the middle (in a text block, a comment, an expression): so a text
     * block's {@code %d items} line and an expression continued by {@code % 3} stay Java.
     */
    static boolean isMagicLine(String trimmed, CharSequence javaBefore, SourceCodeAnalysis analysis) {
        if (!MAGIC_LINE.matcher(trimmed).lookingAt()) {
            return false;
        }
        String rest = javaBefore.toString();
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            Completeness state = info.completeness();
            if (state == Completeness.DEFINITELY_INCOMPLETE || state == Completeness.CONSIDERED_INCOMPLETE) {
                return false;
            }
            if (state == Completeness.EMPTY || info.remaining().equals(rest)) {
                break;
            }
            rest = info.remaining();
        }
        return true;
    }

    private static final Pattern MAGIC_LINE = Pattern.compile("%[A-Za-z_][\\w.-]*(\\s|$)");

    /** @param line the magic's line in the cell, which a {@code %load}ed file's error names */
    private static NotebookShell.Result magicResult(String name, int line, String undefined, MagicCall call) {
        try {
            Object value = call.call();
            return value == null ? NotebookShell.Result.NONE : new NotebookShell.Result(true, value);
        } catch (Undefined e) {
            throw new ErrorReport.MagicFailure(name, line, new IllegalArgumentException(undefined));
        } catch (NotebookShell.CompileException | NotebookShell.UserException e) {
            throw e; // %load runs notebook code: its errors are the notebook's
        } catch (ErrorReport.MagicFailure e) {
            throw e; // a magic in the code a cell magic runs (%%nograd's cell) failed: that failure is the one to show
        } catch (Exception e) {
            throw new ErrorReport.MagicFailure(name, line, e);
        }
    }

    private static List<String> magicWords(String text, int line) {
        try {
            return words(text);
        } catch (IllegalArgumentException e) {
            throw new ErrorReport.MagicFailure("", line, e);
        }
    }

    /** Splits a magic's argument line into words; quotes group, backslash escapes. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c == '\\' && i + 1 < line.length() ? line.charAt(++i) : c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed quote in: " + line);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
