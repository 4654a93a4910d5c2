package dev.gpumagics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * %gpuwatch and %%nograd through Debian's jupyter_client against the installed kernel, on libtorch's CPU build
 * (watch_session.py): each cell's line, its live view of display_data then update_display_data under one display
 * id, nothing for a cell after its idle, and grad mode inside and after the cell magic.
 */
class WatchIT {

    private static final long MIB = 1024 * 1024;

    @TempDir
    static Path work;
    static JsonObject session;

    @BeforeAll
    static void runSession() throws Exception {
        Jupyter jupyter = Jupyter.install(work);
        session = jupyter.python(work, "watch_session.py", Jupyter.KERNEL).getAsJsonObject();
    }

    private static List<JsonObject> published(String cell, String type) {
        List<JsonObject> found = new ArrayList<>();
        for (JsonElement message : session.getAsJsonObject(cell).getAsJsonArray("published")) {
            if (message.getAsJsonObject().get("type").getAsString().equals(type)) {
                found.add(message.getAsJsonObject());
            }
        }
        return found;
    }

    /** The cell's watch record: its last plain display_data (no display id), which carries the JSON. */
    private static JsonObject record(String cell) {
        List<JsonObject> displays = published(cell, "display_data");
        JsonObject line = displays.get(displays.size() - 1);
        assertTrue(line.get("display_id").isJsonNull() && line.get("json").isJsonObject(), cell + ": " + displays);
        return line;
    }

    private static String result(String cell) {
        return published(cell, "execute_result").get(0).get("text").getAsString();
    }

    @Test
    void aCellMakingA64MiBTensorSaysAbout64MiBAndNamesItsVariableAndTheCellFreeingItSaysTheDrop() {
        JsonObject made = record("allocate");
        assertTrue(made.get("text").getAsString().startsWith("gpuwatch: "), made.toString());
        assertTrue(made.get("text").getAsString().endsWith(" | activations new 64.0 MiB"), made.get("text").getAsString());
        assertTrue(made.get("html").getAsString().contains("<code>activations</code>"), made.toString());
        JsonObject json = made.getAsJsonObject("json");
        long rose = json.getAsJsonObject("host").get("residentDeltaBytes").getAsLong();
        assertTrue(rose > 56 * MIB && rose < 96 * MIB, "host RSS rose by about 64 MiB: " + rose / MIB + " MiB");
        JsonObject variable = json.getAsJsonArray("variables").get(0).getAsJsonObject();
        assertEquals("activations", variable.get("name").getAsString());
        assertEquals(64 * MIB, variable.get("bytes").getAsLong());

        JsonObject freed = record("free");
        assertTrue(freed.get("text").getAsString().endsWith(" | activations 64.0 MiB -> 0 B"), freed.get("text").getAsString());
        long fell = freed.getAsJsonObject("json").getAsJsonObject("host").get("residentDeltaBytes").getAsLong();
        assertTrue(fell < -56 * MIB, "host RSS fell by about 64 MiB: " + fell / MIB + " MiB");
    }

    @Test
    void aCellThatAllocatesThenClosesPeaksAboveWhereItEnds() {
        JsonObject host = record("peak").getAsJsonObject("json").getAsJsonObject("host");
        long peak = host.get("residentPeakAboveStartBytes").getAsLong();
        long end = host.get("residentDeltaBytes").getAsLong();
        assertTrue(host.get("residentPeakExact").getAsBoolean(), "VmHWM, reset as the cell began");
        assertTrue(peak >= 60 * MIB && peak - end >= 48 * MIB, "peak +" + peak / MIB + " MiB against +" + end / MIB + " MiB at the end");
    }

    @Test
    void aFiveSecondCellGetsOneDisplayThenUpdatesUnderItsIdAndNothingAfterItsIdle() {
        JsonArray messages = session.getAsJsonObject("long").getAsJsonArray("published");
        List<String> order = new ArrayList<>();
        String id = null;
        int updates = 0;
        for (JsonElement element : messages) {
            JsonObject m = element.getAsJsonObject();
            String type = m.get("type").getAsString();
            if (type.equals("display_data") && !m.get("display_id").isJsonNull()) {
                assertEquals(null, id, "one display with an id: " + messages);
                id = m.get("display_id").getAsString();
                assertTrue(m.get("html").getAsString().contains("class=\"gpumagics-sparkline\""), m.toString());
                order.add("live");
            } else if (type.equals("update_display_data")) {
                assertEquals(id, m.get("display_id").getAsString(), "every update names the first display's id");
                updates++;
                order.add("update");
            } else if (type.equals("stream")) {
                order.add("text");
            } else if (type.equals("display_data")) {
                order.add("line");
            }
        }
        assertTrue(id != null && id.startsWith("gpumagics-watch-"), messages.toString());
        assertTrue(updates >= 3, "about one frame a second from 2 s, then the last: " + updates + " in " + order);
        assertEquals("line", order.get(order.size() - 1), "the cell's line after its last frame: " + order);
        assertTrue(order.indexOf("text") < order.indexOf("live"), "text printed before the live view stays above it: " + order);
        List<JsonObject> frames = published("long", "update_display_data");
        String last = frames.get(frames.size() - 1).get("text").getAsString();
        assertTrue(last.startsWith("gpuwatch the cell's memory over its 5."), "the last frame stays as the cell's record: " + last);
        JsonArray after = session.getAsJsonObject("long").getAsJsonArray("after");
        assertEquals(0, after.size(), "nothing at all on IOPub in the 2 s after the cell's idle: " + after);
        assertEquals("2", result("after_long"));
    }

    @Test
    void underNoGradAForwardPassHasNoGradFunctionOutsideItHasOneAndAfterAThrowGradientsAreOn() {
        assertEquals("true", result("model"), "outside the magic a forward pass records its graph");
        assertEquals("true", result("nograd"), "under %%nograd its result has no grad function");
        JsonObject failed = published("nograd_throws", "error").get(0);
        assertEquals("java.lang.IllegalStateException", failed.get("ename").getAsString());
        assertEquals("inside the magic", failed.get("evalue").getAsString());
        assertEquals("true true", result("grad_again"), "grad mode on again, and a forward pass records a graph again");
    }

    @Test
    void aBadMagicUnderNoGradIsOneLineWithoutKernelClassesOrCauses() {
        JsonObject failed = published("nograd_bad_magic", "error").get(0);
        assertEquals("no magic named %nosuchmagic", failed.get("evalue").getAsString());
        assertEquals("[\"no magic named %nosuchmagic\"]", failed.get("traceback").toString());
    }

    @Test
    void aVariableHoldingALossWithHistoryIsMarkedByVars() {
        String table = published("vars", "display_data").get(1).get("text").getAsString();
        assertTrue(table.matches("(?s).*\\n  loss +Tensor +cpu +float32 +\\[\\] \\+graph +4 B\\n.*"), table);
        assertTrue(table.contains("+graph: loss (4 B, SumBackward0) is a tensor with autograd history"), table);
        assertTrue(!table.matches("(?s).*\\n  prediction [^\\n]*\\+graph.*"), "computed under %%nograd: no graph: " + table);
    }

    @Test
    void offTheCellsGetNoLine() {
        assertEquals(1, published("watch_off", "display_data").size(), "the magic's own answer only");
        assertEquals(0, published("unwatched", "display_data").size());
        assertEquals(0, published("after_long", "update_display_data").size());
    }
}
