package dev.gpumagics.report;

import dev.gpumagics.look.DeviceReport;
import dev.gpumagics.look.KernelUsage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A device's stacked bar as a picture, drawn here and shown as a PNG: an untrusted notebook's sanitizer
 * strips SVG and every inline style, but keeps an image, so the bar reads the same there, in a trusted
 * notebook and in an HTML export. Sizes are in CSS pixels; the PNG has {@link #SCALE} device pixels to
 * each, to stay sharp on high-density screens.
 */
public final class MemoryBar {

    public static final int WIDTH = 600;
    public static final int HEIGHT = 18;
    /** A device's bar in the grid of many devices. */
    public static final int SMALL_WIDTH = 220;
    public static final int SMALL_HEIGHT = 12;
    /** The legend's colour squares. */
    public static final int SWATCH = 14;
    static final int SCALE = 2;
    /** The narrowest a piece that holds anything is drawn, so that each legend entry has a mark to match. */
    public static final int MIN_PIECE = 3;
    /** Around the bar and each square: 4.5:1 against white, so that the light "free" piece has an edge. */
    public static final int FRAME = 0x767676;
    /** Between two pieces. */
    public static final int SEPARATOR = 0xffffff;

    private static final Map<BarPiece, String> SWATCHES = new EnumMap<>(BarPiece.class);
    /** Bars drawn lately, by where their pieces go: one look after another mostly draws the same bar again. */
    private static final Map<String, String> DRAWN = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 32;
        }
    };

    /** One piece and the bytes it stands for. */
    public record Segment(BarPiece piece, long bytes) {}

    /** A segment where it is drawn: {@code x} from the image's left edge, both in CSS pixels. */
    public record Placed(Segment segment, int x, int width) {}

    private MemoryBar() {}

    /** The pieces of one device's memory, in the bar's order, empty ones included. */
    public static List<Segment> segments(DeviceReport report) {
        KernelUsage kernel = report.kernel();
        List<Segment> segments = new ArrayList<>();
        if (kernel.allocator().isPresent() && kernel.processBytes().isPresent()) {
            segments.add(new Segment(BarPiece.TENSORS, kernel.tensorsBytes().orElse(0)));
            segments.add(new Segment(BarPiece.CACHE, kernel.cacheBytes().orElse(0)));
            segments.add(new Segment(BarPiece.CONTEXT, kernel.contextAndLibrariesBytes().orElse(0)));
        } else {
            segments.add(new Segment(BarPiece.KERNEL, kernel.processBytes().orElse(0)));
        }
        segments.add(new Segment(BarPiece.OTHERS, report.othersBytes().orElse(0)));
        segments.add(new Segment(BarPiece.OTHER_USED, report.otherUsedBytes().orElse(0)));
        segments.add(new Segment(BarPiece.FREE, report.device().freeBytes().orElse(0)));
        return segments;
    }

    /**
     * Where each segment that holds anything goes, inside the frame and parted by one-pixel lines:
     * in proportion to its bytes, but never under {@link #MIN_PIECE} pixels, the difference taken from
     * the widest.
     */
    public static List<Placed> layout(List<Segment> segments) {
        return layout(segments, WIDTH);
    }

    /** The same, in a bar {@code width} CSS pixels wide. */
    public static List<Placed> layout(List<Segment> segments, int width) {
        List<Segment> shown = new ArrayList<>();
        double total = 0;
        for (Segment segment : segments) {
            if (segment.bytes() > 0) {
                shown.add(segment);
                total += segment.bytes();
            }
        }
        if (shown.isEmpty()) {
            return List.of();
        }
        int room = width - 2 - (shown.size() - 1);
        int[] widths = new int[shown.size()];
        double[] rest = new double[shown.size()];
        int used = 0;
        for (int i = 0; i < widths.length; i++) {
            double ideal = room * (shown.get(i).bytes() / total);
            widths[i] = Math.max(MIN_PIECE, (int) Math.floor(ideal));
            rest[i] = ideal - Math.floor(ideal);
            used += widths[i];
        }
        while (used < room) {
            int best = 0;
            for (int i = 1; i < widths.length; i++) {
                best = rest[i] > rest[best] ? i : best;
            }
            widths[best]++;
            rest[best] = -1;
            used++;
        }
        while (used > room) {
            int widest = 0;
            for (int i = 1; i < widths.length; i++) {
                widest = widths[i] > widths[widest] ? i : widest;
            }
            widths[widest]--;
            used--;
        }
        List<Placed> placed = new ArrayList<>();
        int x = 1;
        for (int i = 0; i < widths.length; i++) {
            placed.add(new Placed(shown.get(i), x, widths[i]));
            x += widths[i] + 1;
        }
        return placed;
    }

    /** The bar as PNG bytes. */
    public static byte[] png(List<Placed> placed) {
        return png(placed, WIDTH, HEIGHT);
    }

    /** The bar as PNG bytes, {@code cssWidth} by {@code cssHeight} CSS pixels. */
    public static byte[] png(List<Placed> placed, int cssWidth, int cssHeight) {
        int width = cssWidth * SCALE;
        int height = cssHeight * SCALE;
        int[] pixels = new int[width * height];
        java.util.Arrays.fill(pixels, SEPARATOR);
        frame(pixels, width, height);
        for (Placed p : placed) {
            fill(pixels, width, p.x() * SCALE, SCALE, p.width() * SCALE, height - 2 * SCALE, p.segment().piece().rgb());
        }
        return Png.encode(width, height, pixels);
    }

    /** The bar as a data URI. */
    public static String pngUri(List<Placed> placed) {
        return pngUri(placed, WIDTH, HEIGHT);
    }

    /** The bar as a data URI, {@code cssWidth} by {@code cssHeight} CSS pixels. */
    public static synchronized String pngUri(List<Placed> placed, int cssWidth, int cssHeight) {
        StringBuilder key = new StringBuilder().append(cssWidth).append('x').append(cssHeight).append(' ');
        for (Placed p : placed) {
            key.append(p.segment().piece().ordinal()).append(':').append(p.x()).append(':').append(p.width()).append(' ');
        }
        return DRAWN.computeIfAbsent(key.toString(), k -> dataUri(png(placed, cssWidth, cssHeight)));
    }

    /** A legend's square for a piece, as a data URI: framed like the bar. */
    public static synchronized String swatchUri(BarPiece piece) {
        return SWATCHES.computeIfAbsent(piece, p -> {
            int side = SWATCH * SCALE;
            int[] pixels = new int[side * side];
            frame(pixels, side, side);
            fill(pixels, side, SCALE, SCALE, side - 2 * SCALE, side - 2 * SCALE, p.rgb());
            return dataUri(Png.encode(side, side, pixels));
        });
    }

    public static String dataUri(byte[] png) {
        return "data:image/png;base64,".concat(Base64.getEncoder().encodeToString(png));
    }

    private static void frame(int[] pixels, int width, int height) {
        fill(pixels, width, 0, 0, width, SCALE, FRAME);
        fill(pixels, width, 0, height - SCALE, width, SCALE, FRAME);
        fill(pixels, width, 0, 0, SCALE, height, FRAME);
        fill(pixels, width, width - SCALE, 0, SCALE, height, FRAME);
    }

    private static void fill(int[] pixels, int stride, int x0, int y0, int w, int h, int rgb) {
        for (int y = y0; y < y0 + h; y++) {
            java.util.Arrays.fill(pixels, y * stride + x0, y * stride + x0 + w, rgb);
        }
    }
}
