package dev.gpumagics.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Folds the repetition out of a stack trace, as Python does with "[Previous line repeated N more times]":
 * runaway recursion fills the 1,024 frames the JVM keeps with a few frames over and over. A run of one
 * frame, or of a cycle of up to {@value #LONGEST_CYCLE} frames (mutual recursion), that repeats at least
 * {@value #FEWEST_REPEATS} times is shown once, followed by how many more times it repeats.
 */
final class RepeatedFrames {

    static final int LONGEST_CYCLE = 16;
    static final int FEWEST_REPEATS = 3;

    private RepeatedFrames() {}

    static List<String> fold(List<String> frames) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < frames.size()) {
            int period = 0;
            int repeats = 0;
            for (int p = 1; p <= LONGEST_CYCLE && i + p * FEWEST_REPEATS <= frames.size(); p++) {
                int r = repeats(frames, i, p);
                if (r >= FEWEST_REPEATS) {
                    period = p;
                    repeats = r;
                    break;
                }
            }
            if (period == 0) {
                out.add(frames.get(i++));
                continue;
            }
            out.addAll(frames.subList(i, i + period));
            out.add(note(period, repeats - 1));
            i += period * repeats;
        }
        return out;
    }

    /** How many times in a row the {@code period} frames from {@code start} occur there. */
    private static int repeats(List<String> frames, int start, int period) {
        int count = 1;
        while (start + (count + 1) * period <= frames.size() && sameBlock(frames, start, start + count * period, period)) {
            count++;
        }
        return count;
    }

    private static boolean sameBlock(List<String> frames, int first, int second, int length) {
        for (int k = 0; k < length; k++) {
            if (!frames.get(first + k).equals(frames.get(second + k))) {
                return false;
            }
        }
        return true;
    }

    private static String note(int period, int more) {
        String frames = period == 1 ? "the frame above repeats" : "the " + period + " frames above repeat";
        return String.format(Locale.ROOT, "\t[%s %,d more time%s]", frames, more, more == 1 ? "" : "s");
    }
}
