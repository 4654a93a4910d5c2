package dev.gpumagics.kernel;

import jdk.jshell.Snippet;
import jdk.jshell.VarSnippet;
import org.jspecify.annotations.Nullable;

/**
 * Which of JShell's {@code $N} temporaries a cell can let go once it ran: those whose value holds no
 * memory worth a look (null, a primitive or its box, a String) and those whose expression threw. A
 * temporary holding any other object stays, for {@code %gpumem --vars} and {@code %gpufree} to find
 * what it holds, and for the notebook to name it.
 */
final class SpentTemporaries {

    private SpentTemporaries() {}

    static boolean isTemporary(VarSnippet snippet) {
        return snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    static boolean holdsNothingToKeep(@Nullable Object value) {
        return value == null || value instanceof String || value instanceof Boolean || value instanceof Character
                || value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long
                || value instanceof Float || value instanceof Double;
    }
}
