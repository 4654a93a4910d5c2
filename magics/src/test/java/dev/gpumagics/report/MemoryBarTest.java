package dev.gpumagics.report;

import static dev.gpumagics.look.RecordedProbes.AT;
import static dev.gpumagics.look.RecordedProbes.HOST;
import static dev.gpumagics.look.RecordedProbes.MIB;
import static dev.gpumagics.look.RecordedProbes.PID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.look.DeviceReport;
import dev.gpumagics.look.RecordedProbes;
import dev.gpumagics.look.ReportAssembler;
import dev.gpumagics.look.ReportOptions;
import dev.gpumagics.probe.value.Probed;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bar's layout and picture, from recorded probe values. */
class MemoryBarTest {

    /** GPU 0 of the recorded H100s with libtorch's counters: 544 MiB allocated of {@code reservedMiB} reserved. */
    private static DeviceReport device(long reservedMiB) {
        return ReportAssembler.assemble(AT, PID, Probed.present(RecordedProbes.twoH100s()), Probed.present(RecordedProbes.cudaSwapped()),
                Probed.present(List.of(RecordedProbes.allocator(1, 544, reservedMiB))), HOST, RecordedProbes::identity, ReportOptions.ALL)
                .devices().get(0);
    }

    @Test
    void piecesComeInTheBarsOrderAndAddUpToTheDevice() {
        List<MemoryBar.Segment> segments = MemoryBar.segments(device(546));
        assertEquals(List.of(BarPiece.TENSORS, BarPiece.CACHE, BarPiece.CONTEXT, BarPiece.OTHERS, BarPiece.OTHER_USED, BarPiece.FREE),
                segments.stream().map(MemoryBar.Segment::piece).toList());
        assertEquals(List.of(544 * MIB, 2 * MIB, 684 * MIB, 11876 * MIB, 1 * MIB, 68452 * MIB),
                segments.stream().map(MemoryBar.Segment::bytes).toList());
    }

    @Test
    void layoutIsProportionalAndFillsTheFrameWithALineBetweenPieces() {
        List<MemoryBar.Segment> segments = MemoryBar.segments(device(546));
        List<MemoryBar.Placed> placed = MemoryBar.layout(segments);
        assertEquals(6, placed.size());
        assertEquals(1, placed.get(0).x(), "inside the frame");
        for (int i = 1; i < placed.size(); i++) {
            assertEquals(placed.get(i - 1).x() + placed.get(i - 1).width() + 1, placed.get(i).x(), "one pixel between pieces: " + placed);
        }
        MemoryBar.Placed last = placed.get(placed.size() - 1);
        assertEquals(MemoryBar.WIDTH - 1, last.x() + last.width(), "up to the frame");
        int room = MemoryBar.WIDTH - 2 - 5;
        double total = segments.stream().mapToLong(MemoryBar.Segment::bytes).sum();
        for (MemoryBar.Placed p : placed) {
            double ideal = room * p.segment().bytes() / total;
            assertTrue(Math.abs(p.width() - ideal) <= 2 * MemoryBar.MIN_PIECE, p + " against " + ideal);
        }
        assertEquals(Math.round(room * 11876 / (total / MIB)), placed.get(3).width(), 1.0, "other processes, in proportion");
    }

    @Test
    void aPieceTooThinToSeeIsDrawnAtTheNarrowestVisibleWidth() {
        List<MemoryBar.Placed> placed = MemoryBar.layout(MemoryBar.segments(device(551)));
        MemoryBar.Placed cache = placed.get(1);
        assertEquals(7 * MIB, cache.segment().bytes(), "7 MiB of 79.6 GiB: 0.05 px in proportion");
        assertEquals(MemoryBar.MIN_PIECE, cache.width());
        MemoryBar.Placed other = placed.get(4);
        assertEquals(1 * MIB, other.segment().bytes());
        assertEquals(MemoryBar.MIN_PIECE, other.width());
    }

    @Test
    void anEmptyPieceTakesNoRoomAndAnEmptyDeviceDrawsOnlyTheFrame() {
        List<MemoryBar.Placed> placed = MemoryBar.layout(List.of(new MemoryBar.Segment(BarPiece.KERNEL, 0),
                new MemoryBar.Segment(BarPiece.OTHERS, 0), new MemoryBar.Segment(BarPiece.FREE, 10)));
        assertEquals(List.of(new MemoryBar.Placed(new MemoryBar.Segment(BarPiece.FREE, 10), 1, MemoryBar.WIDTH - 2)), placed);
        assertEquals(List.of(), MemoryBar.layout(List.of(new MemoryBar.Segment(BarPiece.FREE, 0))));
        BufferedImage empty = Pictures.decode(MemoryBar.png(List.of()));
        assertEquals(MemoryBar.FRAME, Pictures.rgb(empty, 0, 0));
        assertEquals(MemoryBar.SEPARATOR, Pictures.rgb(empty, empty.getWidth() / 2, empty.getHeight() / 2));
    }

    @Test
    void thePictureIsTheLayoutAtTwiceTheResolution() {
        List<MemoryBar.Placed> placed = MemoryBar.layout(MemoryBar.segments(device(551)));
        BufferedImage bar = Pictures.decode(MemoryBar.png(placed));
        int scale = MemoryBar.SCALE;
        assertEquals(MemoryBar.WIDTH * scale, bar.getWidth());
        assertEquals(MemoryBar.HEIGHT * scale, bar.getHeight());
        int middle = bar.getHeight() / 2;
        for (MemoryBar.Placed p : placed) {
            int colour = p.segment().piece().rgb();
            assertEquals(colour, Pictures.rgb(bar, p.x() * scale, middle), p + ", left edge");
            assertEquals(colour, Pictures.rgb(bar, (p.x() + p.width()) * scale - 1, middle), p + ", right edge");
            assertEquals(MemoryBar.FRAME, Pictures.rgb(bar, (p.x() + p.width() / 2) * scale, 0), p + ", frame above");
        }
        for (int i = 1; i < placed.size(); i++) {
            int line = placed.get(i).x() - 1;
            assertEquals(MemoryBar.SEPARATOR, Pictures.rgb(bar, line * scale, middle), "the line before " + placed.get(i));
            assertEquals(MemoryBar.SEPARATOR, Pictures.rgb(bar, line * scale + scale - 1, middle));
        }
        assertEquals(MemoryBar.FRAME, Pictures.rgb(bar, 0, middle));
        assertEquals(MemoryBar.FRAME, Pictures.rgb(bar, bar.getWidth() - 1, middle));
    }

    @Test
    void theSameLayoutIsTheSamePictureAndAnotherIsAnother() {
        List<MemoryBar.Placed> first = MemoryBar.layout(MemoryBar.segments(device(546)));
        List<MemoryBar.Placed> again = MemoryBar.layout(MemoryBar.segments(device(547)));
        assertEquals(first.stream().map(MemoryBar.Placed::width).toList(), again.stream().map(MemoryBar.Placed::width).toList());
        assertEquals(MemoryBar.pngUri(first), MemoryBar.pngUri(again), "1 MiB more cache moves no pixel");
        List<MemoryBar.Placed> other = MemoryBar.layout(MemoryBar.segments(device(20546)));
        String uri = MemoryBar.pngUri(other);
        assertTrue(!uri.equals(MemoryBar.pngUri(first)));
        assertEquals(MemoryBar.dataUri(MemoryBar.png(other)), uri);
        assertTrue(uri.length() < 1200, "a few hundred bytes: " + uri.length());
    }

    @Test
    void neighbouringPiecesContrastAtLeastThreeToOneAndTheFrameStandsOut() {
        assertEquals(21, Pictures.contrast(0x000000, 0xffffff), 0.01);
        assertTrue(Pictures.contrast(0xc7c7c7, 0xd9d9d9) < 1.3, "the old 'other used' and 'free' greys");
        List<List<BarPiece>> neighbours = List.of(
                List.of(BarPiece.TENSORS, BarPiece.CACHE), List.of(BarPiece.CACHE, BarPiece.CONTEXT),
                List.of(BarPiece.CONTEXT, BarPiece.OTHERS), List.of(BarPiece.KERNEL, BarPiece.OTHERS),
                List.of(BarPiece.OTHERS, BarPiece.OTHER_USED), List.of(BarPiece.OTHER_USED, BarPiece.FREE));
        for (List<BarPiece> pair : neighbours) {
            double ratio = Pictures.contrast(pair.get(0).rgb(), pair.get(1).rgb());
            assertTrue(ratio >= 3, pair + ": " + ratio);
        }
        assertTrue(Pictures.contrast(MemoryBar.FRAME, 0xffffff) >= 4.5);
        assertTrue(Pictures.contrast(MemoryBar.FRAME, BarPiece.FREE.rgb()) >= 3, "free has an edge against the page");
    }

    @Test
    void aSwatchIsAFramedSquareOfItsPiecesColour() {
        for (BarPiece piece : BarPiece.values()) {
            BufferedImage swatch = Pictures.decodeDataUri(MemoryBar.swatchUri(piece));
            assertEquals(MemoryBar.SWATCH * MemoryBar.SCALE, swatch.getWidth());
            assertEquals(swatch.getWidth(), swatch.getHeight());
            assertEquals(piece.rgb(), Pictures.rgb(swatch, swatch.getWidth() / 2, swatch.getHeight() / 2), piece.name());
            assertEquals(MemoryBar.FRAME, Pictures.rgb(swatch, 0, 0));
        }
    }

    @Test
    void pngIsReadBackPixelForPixelAndRejectsAWrongSize() {
        int[] pixels = {0xff0000, 0x00ff00, 0x0000ff, 0x123456, 0xffffff, 0x000000};
        BufferedImage image = Pictures.decode(Png.encode(3, 2, pixels));
        for (int i = 0; i < pixels.length; i++) {
            assertEquals(pixels[i], Pictures.rgb(image, i % 3, i / 3));
        }
        assertThrows(IllegalArgumentException.class, () -> Png.encode(3, 3, pixels));
    }
}
