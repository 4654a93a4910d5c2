package dev.gpumagics.report;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a picture as PNG: 8-bit RGB, one zlib stream. The JDK's ImageIO would do it too,
 * but loading AWT for it costs 160 to 320 ms on a report's first use (docs/BENCHMARKS.md); this costs 3.
 */
final class Png {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private Png() {}

    /** @param rgb {@code width * height} pixels, row by row, each {@code 0xRRGGBB} */
    static byte[] encode(int width, int height, int[] rgb) {
        if (width <= 0 || height <= 0 || rgb.length != width * height) {
            throw new IllegalArgumentException(width + " x " + height + " pixels, but " + rgb.length + " given");
        }
        int stride = 1 + 3 * width;
        byte[] raw = new byte[height * stride];
        for (int y = 0; y < height; y++) {
            int at = y * stride + 1;
            for (int x = 0; x < width; x++) {
                int pixel = rgb[y * width + x];
                raw[at++] = (byte) (pixel >> 16);
                raw[at++] = (byte) (pixel >> 8);
                raw[at++] = (byte) pixel;
            }
        }
        // filter type Up below the first row: a row like the one above becomes zeros, which deflate to almost nothing
        for (int y = height - 1; y > 0; y--) {
            int at = y * stride;
            raw[at] = 2;
            for (int i = 1; i < stride; i++) {
                raw[at + i] = (byte) (raw[at + i] - raw[at - stride + i]);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", deflate(raw));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(name);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
