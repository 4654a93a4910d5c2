package dev.gpumagics.kernel;

import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NullPointerException's message as the notebook wrote it: Java's helpful message names a variable by
 * the class JShell keeps it in ({@code because "REPL.$JShell$155.uaf" is null}); this says
 * {@code because variable uaf is null}, and adds that {@code %gpufree} freed it where it did.
 */
final class NullVariableMessage {

    private static final Pattern NULL_VARIABLE = Pattern.compile("\"REPL\\.\\$JShell\\$\\d+\\.(\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)\" is null");
    private static final Pattern SNIPPET_CLASS = Pattern.compile("(REPL\\.\\$JShell\\$\\d+)");
    private static final Pattern SNIPPET_PREFIX = Pattern.compile("REPL\\.\\$JShell\\$\\d+[.$]");

    private NullVariableMessage() {}

    /**
     * The exception to report for {@code thrown}: a NullPointerException whose message names a notebook
     * variable is replaced by one (same stack trace) that names it plainly; anything else is returned as is.
     *
     * @param freed whether the variable in a snippet class's field was set to null by {@code %gpufree}
     */
    static Throwable clarified(Throwable thrown, BiPredicate<String, String> freed) {
        if (thrown.getClass() != NullPointerException.class || thrown.getMessage() == null) {
            return thrown;
        }
        String message = thrown.getMessage();
        if (!SNIPPET_PREFIX.matcher(message).find()) {
            return thrown;
        }
        Matcher variables = NULL_VARIABLE.matcher(message);
        StringBuilder text = new StringBuilder();
        while (variables.find()) {
            Matcher owner = SNIPPET_CLASS.matcher(variables.group());
            boolean wasFreed = owner.find() && freed.test(owner.group(1), variables.group(1));
            variables.appendReplacement(text, Matcher.quoteReplacement("variable " + variables.group(1) + " is null"
                    + (wasFreed ? " (its tensors were freed by %gpufree)" : "")));
        }
        variables.appendTail(text);
        // what is left names a notebook method or class ("REPL.$JShell$7.load()"): by its own name
        NullPointerException plain = new NullPointerException(SNIPPET_PREFIX.matcher(text).replaceAll(""));
        plain.setStackTrace(thrown.getStackTrace());
        for (Throwable suppressed : thrown.getSuppressed()) {
            plain.addSuppressed(suppressed);
        }
        return plain;
    }
}
