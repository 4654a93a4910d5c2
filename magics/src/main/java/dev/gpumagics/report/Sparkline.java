package dev.gpumagics.report;

import java.util.Arrays;
import java.util.List;

/**
 * One measure over a cell, drawn small: as a PNG for HTML (an area under the line, framed like the bar) and as a row
 * of block characters for text/plain. The bottom is the lowest sample and the top the peak, which the caption names:
 * a resident set of 450 MiB that moves by 8 would otherwise draw as a flat full bar.
 */
final class Sparkline {

    static final int WIDTH = 300;
    static final int HEIGHT = 36;
    /** Characters in the text form. */
    static final int TEXT_WIDTH = 40;
    static final int COLOUR = BarPiece.TENSORS.rgb();
    private static final String LEVELS = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588";

    private Sparkline() {}

    /**
     * @param bottom the value drawn at the least height (one pixel row where anything is there)
     * @param top the value drawn at full height; values above it are drawn at full height too
     */
    static byte[] png(List<Long> values, long bottom, long top) {
        int scale = MemoryBar.SCALE;
        int width = WIDTH * scale;
        int height = HEIGHT * scale;
        int[] pixels = new int[width * height];
        Arrays.fill(pixels, 0xffffff);
        int inner = height - 2 * scale;
        int columns = width - 2 * scale;
        for (int x = 0; x < columns; x++) {
            long value = bucketMax(values, x, columns);
            int filled = (int) Math.round(share(value, bottom, top) * inner);
            if (value > 0 && filled == 0) {
                filled = 1; // something is there: a line at the bottom says so
            }
            for (int y = height - scale - filled; y < height - scale; y++) {
                pixels[y * width + x + scale] = COLOUR;
            }
        }
        frame(pixels, width, height, scale);
        return Png.encode(width, height, pixels);
    }

    static String text(List<Long> values, long bottom, long top) {
        int width = Math.min(TEXT_WIDTH, Math.max(1, values.size()));
        StringBuilder out = new StringBuilder(width);
        for (int i = 0; i < width; i++) {
            long value = bucketMax(values, i, width);
            out.append(LEVELS.charAt((int) Math.round(share(value, bottom, top) * (LEVELS.length() - 1))));
        }
        return out.toString();
    }

    /** Where a value sits between bottom and top, from 0 to 1; all at the bottom when they are one value. */
    static double share(long value, long bottom, long top) {
        if (top <= bottom) {
            return top > 0 && value >= top ? 1 : 0;
        }
        return Math.max(0, Math.min(1, (double) (value - bottom) / (top - bottom)));
    }

    /** The largest of the values that fall into column {@code column} of {@code columns}: a brief peak stays visible. */
    static long bucketMax(List<Long> values, int column, int columns) {
        if (values.isEmpty()) {
            return 0;
        }
        int from = (int) ((long) column * values.size() / columns);
        int to = Math.max(from + 1, (int) ((long) (column + 1) * values.size() / columns));
        long max = 0;
        for (int i = from; i < Math.min(to, values.size()); i++) {
            max = Math.max(max, values.get(i));
        }
        return max;
    }

    private static void frame(int[] pixels, int width, int height, int scale) {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (x < scale || y < scale || x >= width - scale || y >= height - scale) {
                    pixels[y * width + x] = MemoryBar.FRAME;
                }
            }
        }
    }
}
