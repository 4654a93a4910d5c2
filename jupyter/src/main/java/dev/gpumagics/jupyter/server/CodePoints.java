package dev.gpumagics.jupyter.server;

/**
 * Cursor positions: the protocol counts unicode code points (since 5.2), Java strings count UTF-16
 * chars. Positions past either end are clamped, as ipykernel clamps them.
 */
final class CodePoints {

    private CodePoints() {}

    static int toCharIndex(String text, int codePoints) {
        int total = text.codePointCount(0, text.length());
        int clamped = Math.max(0, Math.min(codePoints, total));
        return text.offsetByCodePoints(0, clamped);
    }

    static int toCodePoints(String text, int charIndex) {
        int clamped = Math.max(0, Math.min(charIndex, text.length()));
        return text.codePointCount(0, clamped);
    }
}
