package dev.gpumagics.jupyter.kernel;

import java.util.List;

/**
 * What completing at a cursor offers: each match replaces the text from {@code start} to {@code end}.
 *
 * @param start a char index into the code
 * @param end a char index into the code
 */
public record Completion(List<String> matches, int start, int end) {

    public Completion {
        matches = List.copyOf(matches);
    }
}
