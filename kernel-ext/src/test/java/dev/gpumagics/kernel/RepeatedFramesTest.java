package dev.gpumagics.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatedFramesTest {

    private static List<String> times(int n, String... cycle) {
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Collections.addAll(frames, cycle);
        }
        return frames;
    }

    @Test
    void oneFrameOverAndOverIsShownOnceWithItsCount() {
        assertEquals(List.of("f", "\t[the frame above repeats 1,023 more times]"), RepeatedFrames.fold(times(1024, "f")));
    }

    @Test
    void aCycleOfFramesIsShownOnceWithItsCountAndWhatSurroundsItStays() {
        List<String> frames = new ArrayList<>(List.of("inner", "helper"));
        frames.addAll(times(400, "a", "b", "c"));
        frames.add("a"); // the JVM cut the trace in the middle of a cycle
        assertEquals(List.of("inner", "helper", "a", "b", "c", "\t[the 3 frames above repeat 399 more times]", "a"),
                RepeatedFrames.fold(frames));
    }

    @Test
    void fewerThanThreeRepeatsAreLeftAsTheyAre() {
        List<String> frames = List.of("a", "a", "b", "c", "b", "c", "d");
        assertEquals(frames, RepeatedFrames.fold(frames));
        assertEquals(List.of("x", "\t[the frame above repeats 2 more times]", "y"), RepeatedFrames.fold(List.of("x", "x", "x", "y")));
    }

    @Test
    void theShortestCycleIsTheOneShown() {
        assertEquals(List.of("a", "\t[the frame above repeats 5 more times]"), RepeatedFrames.fold(times(3, "a", "a")));
        assertEquals(List.of("a", "a", "b", "\t[the 3 frames above repeat 3 more times]"), RepeatedFrames.fold(times(4, "a", "a", "b")));
    }
}
