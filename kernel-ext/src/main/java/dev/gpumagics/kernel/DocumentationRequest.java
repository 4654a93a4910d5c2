package dev.gpumagics.kernel;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cell that is a name followed by {@code ?} ({@code ??} for more), as in IPython: it asks for the name's
 * documentation in the frontend's pager instead of running. No Java cell ends that way ({@code a ? b : c} does not).
 */
final class DocumentationRequest {

    private static final Pattern ASKED = Pattern.compile("([\\p{L}_$][\\p{L}\\p{N}_$.]*(?:\\([^()\\n]*\\))?)\\s*\\?\\??");

    private DocumentationRequest() {}

    /** What the cell asks about, or empty when it is not such a request. */
    static Optional<String> target(String cell) {
        Matcher matcher = ASKED.matcher(cell.strip());
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
