package dev.gpumagics.maven;

import org.jspecify.annotations.Nullable;

/**
 * {@code group:artifact:version[:classifier]}, as {@code %maven} takes it.
 *
 * @param classifier empty when there is none
 */
public record Coordinates(String group, String artifact, String version, String classifier) {

    /** Parses one coordinate; a malformed one gets a one-line message saying the expected form. */
    public static Coordinates parse(@Nullable String text) {
        String[] parts = text == null ? new String[0] : text.strip().split(":", -1);
        if (parts.length < 3 || parts.length > 4 || java.util.Arrays.stream(parts).anyMatch(String::isBlank)) {
            throw new IllegalArgumentException(
                    "not a Maven coordinate: '" + text + "'; expected group:artifact:version[:classifier]");
        }
        return new Coordinates(parts[0], parts[1], parts[2], parts.length == 4 ? parts[3] : "");
    }

    /**
     * The JavaCPP platform a classifier names ({@code linux-x86_64} for {@code linux-x86_64-gpu}), or
     * empty when the classifier is not a platform.
     */
    String platform() {
        String platform = classifier.endsWith("-gpu") ? classifier.substring(0, classifier.length() - 4) : classifier;
        return platform.matches("(linux|macosx|windows|android|ios)-[a-z0-9_]+") ? platform : "";
    }

    @Override
    public String toString() {
        return group + ":" + artifact + ":" + version + (classifier.isEmpty() ? "" : ":" + classifier);
    }
}
