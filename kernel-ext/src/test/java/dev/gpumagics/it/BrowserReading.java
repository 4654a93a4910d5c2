package dev.gpumagics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.gpumagics.report.BarPiece;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;

/** Reading what report_in_browser.py found in the DOM, and what its screenshots show, for ReportInBrowserIT. */
final class BrowserReading {

    private BrowserReading() {}

    static List<String> strings(JsonArray array, String member) {
        return StreamSupport.stream(array.spliterator(), false).map(e -> e.getAsJsonObject().get(member).getAsString()).toList();
    }

    static List<JsonObject> objects(JsonArray array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonElement::getAsJsonObject).toList();
    }

    static JsonObject bar(JsonObject report) {
        JsonArray bars = report.getAsJsonArray("bars");
        assertEquals(1, bars.size(), "one GPU, one bar: " + report);
        return bars.get(0).getAsJsonObject();
    }

    /** Legend rows that carry a colour square: the bar's pieces. */
    static List<List<JsonObject>> swatchRows(JsonObject bar) {
        return rows(bar.getAsJsonObject("legend")).stream().filter(cells -> cells.get(0).get("swatch").isJsonObject()).toList();
    }

    static List<List<JsonObject>> rows(JsonObject table) {
        List<List<JsonObject>> rows = new ArrayList<>();
        for (JsonElement row : table.getAsJsonArray("rows")) {
            rows.add(objects(row.getAsJsonArray()));
        }
        return rows;
    }

    static int pixel(BufferedImage shot, double x, double y) {
        return shot.getRGB((int) Math.round(x), (int) Math.round(y)) & 0xffffff;
    }

    static void assertColour(int expected, int actual, String what) {
        for (int shift : new int[] {16, 8, 0}) {
            assertTrue(Math.abs((expected >> shift & 0xff) - (actual >> shift & 0xff)) <= 4,
                    String.format("%s: #%06x on screen, #%06x expected", what, actual, expected));
        }
    }

    /** Text that sits at the left of its cell: no more room on its left than on its right (equal where it fills the cell). */
    static void assertAtTheLeft(JsonObject cell, String where) {
        assertEquals("left", cell.get("align").getAsString(), where + ": " + cell);
        JsonObject side = cell.getAsJsonObject("side");
        assertTrue(side.get("left").getAsDouble() <= side.get("right").getAsDouble() + 1, where + ", text at the left: " + cell);
    }

    static void assertAtTheRight(JsonObject cell, String where) {
        JsonObject side = cell.getAsJsonObject("side");
        assertTrue(side.get("right").getAsDouble() <= side.get("left").getAsDouble() + 1, where + ", a figure at the right: " + cell);
    }

    static BarPiece piece(String label) {
        return Arrays.stream(BarPiece.values()).filter(p -> p.label().equals(label)).findFirst().orElseThrow();
    }
}
