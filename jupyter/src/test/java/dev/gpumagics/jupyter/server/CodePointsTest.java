package dev.gpumagics.jupyter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CodePointsTest {

    @Test
    void cursorsCountCodePointsAndAreClamped() {
        String code = "\"\uD83D\uDE00\" + x"; // the emoji is one code point, two chars
        assertEquals(4, CodePoints.toCharIndex(code, 3));
        assertEquals(3, CodePoints.toCodePoints(code, 4));
        assertEquals(code.length(), CodePoints.toCharIndex(code, 1000));
        assertEquals(0, CodePoints.toCharIndex(code, -5));
    }

    @Test
    void aCharacterCutBetweenBatchesWaitsForItsLastByte() {
        byte[] euro = "a\u20ac".getBytes(StandardCharsets.UTF_8); // 1 + 3 bytes
        assertEquals(4, CellStreams.completeUtf8(euro));
        assertEquals(1, CellStreams.completeUtf8(java.util.Arrays.copyOf(euro, 3)));
        assertEquals(1, CellStreams.completeUtf8(java.util.Arrays.copyOf(euro, 2)));
        byte[] emoji = "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, CellStreams.completeUtf8(java.util.Arrays.copyOf(emoji, 3)));
        assertEquals(4, CellStreams.completeUtf8(emoji));
    }
}
