package dev.gpumagics.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Reads back what the renderers draw, with the JDK's own PNG decoder, and measures colours as WCAG does. */
final class Pictures {

    private Pictures() {}

    static BufferedImage decode(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                throw new AssertionError("ImageIO does not read this as PNG");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage decodeDataUri(String uri) {
        String prefix = "data:image/png;base64,";
        if (!uri.startsWith(prefix)) {
            throw new AssertionError("not a PNG data URI: " + uri);
        }
        return decode(Base64.getDecoder().decode(uri.substring(prefix.length())));
    }

    static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xffffff;
    }

    /** WCAG 2's contrast ratio, 1 (same lightness) to 21 (black on white). */
    static double contrast(int a, int b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(int rgb) {
        return 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
    }

    private static double channel(int value) {
        double c = (value & 0xff) / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
