package dev.gpumagics.adapter.jshell;

import java.util.regex.Pattern;
import jdk.jshell.Snippet;
import jdk.jshell.VarSnippet;

/**
 * The {@code $N} that IJava and JJava leave for every magic line: both turn {@code %name args} into a
 * call of their static {@code lineMagic(...)} (or {@code cellMagic(...)}), whose generic return makes
 * JShell bind the result to a temporary. They are the kernel's, not the notebook's, so they are not
 * counted or freed as notebook variables.
 */
public final class MagicTemporaries {

    private static final Pattern MAGIC_CALL = Pattern.compile("\\s*([\\w$]+\\.)*(lineMagic|cellMagic)\\s*\\(.*", Pattern.DOTALL);

    private MagicTemporaries() {}

    public static boolean isMagicCall(VarSnippet variable) {
        return variable.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND && MAGIC_CALL.matcher(variable.source()).matches();
    }
}
