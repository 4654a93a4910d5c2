package dev.gpumagics.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpumagics.GpuMemory;
import dev.gpumagics.internal.cuda.DriverLibraries;
import dev.gpumagics.release.MemoryRelease;
import dev.gpumagics.vars.NotebookVariables;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real engine on this machine: where there is no GPU, the report says so and still shows the host. */
class GpuMemMagicTest {

    private final List<MimeBundle> shown = new ArrayList<>();
    private final GpuMemMagic magic = new GpuMemMagic(GpuMemory.forThisProcess(), MemoryRelease.class::getClassLoader);

    private void run(GpuMemMagic magic, NotebookVariables variables, String... args) {
        shown.addAll(magic.call(List.of(args), new RecordingNotebook(variables)));
    }

    private void run(String... args) {
        run(magic, NotebookVariables.none(), args);
    }

    @Test
    void answersWithTextAndHtml() {
        run();
        assertEquals(1, shown.size());
        String text = shown.get(0).text();
        String html = (String) shown.get(0).get(MimeBundle.HTML).orElseThrow();
        assertTrue(text.startsWith("GPU memory at "), text);
        assertTrue(text.contains("Host: JVM heap "), text);
        assertTrue(html.contains("gpumagics-report"), html);
        if (!DriverLibraries.system().has(DriverLibraries.Library.NVML)) {
            assertTrue(text.lines().anyMatch(l -> l.startsWith("no NVIDIA driver found")), text);
        }
    }

    @Test
    void jsonIsValidAndMatchesTheText() {
        run("--json", "--no-procs");
        JsonObject json = JsonParser.parseString(shown.get(0).text()).getAsJsonObject();
        assertEquals(ProcessHandle.current().pid(), json.get("pid").getAsLong());
        assertTrue(json.getAsJsonObject("host").get("heapMaxBytes").getAsLong() > 0);
        assertTrue(shown.get(0).get(MimeBundle.JSON).isPresent());
    }

    @Test
    void badFlagsAndMissingDevicesAreOneLineAndShowNothing() {
        var flag = assertThrows(MagicUsageException.class, () -> run("--verbose"));
        assertEquals("unknown option --verbose. Usage: %gpumem [--device N] [--json] [--no-procs] [--vars]", flag.getMessage());
        var device = assertThrows(MagicUsageException.class, () -> run("--device", "99"));
        assertTrue(device.getMessage().startsWith("%gpumem: no GPU 99: "), device.getMessage());
        assertEquals(1, device.getMessage().lines().count());
        assertTrue(shown.isEmpty());
    }

    @Test
    void varsAddsTheVariablesTableAfterTheReport() {
        try (org.bytedeco.pytorch.Tensor weights = org.bytedeco.pytorch.global.torch.ones(256, 256)) {
            var variables = new dev.gpumagics.vars.MapVariables().put("weights", "Tensor", weights);
            run(magic, variables, "--vars", "--no-procs");
        }
        assertEquals(2, shown.size());
        String table = shown.get(1).text();
        assertTrue(table.contains("weights"), table);
        assertTrue(table.contains("256 KiB"), "256 x 256 float32 is 256 KiB: " + table);
        assertTrue(((String) shown.get(1).get(MimeBundle.HTML).orElseThrow()).contains("weights"));
    }

    @Test
    void varsMarksAVariableWhoseTensorCarriesAutogradHistoryAndSaysWhatToDo() {
        try (org.bytedeco.pytorch.Tensor w = org.bytedeco.pytorch.global.torch.randn(3, 2).requires_grad_(true);
                org.bytedeco.pytorch.Tensor loss = w.mul(w).sum()) {
            var variables = new dev.gpumagics.vars.MapVariables().put("w", "Tensor", w).put("loss", "Tensor", loss);
            run(magic, variables, "--vars", "--no-procs");
            var json = new GpuMemMagic(GpuMemory.forThisProcess(), MemoryRelease.class::getClassLoader)
                    .call(List.of("--vars", "--json", "--no-procs"), new RecordingNotebook(variables)).get(0).text();
            var rows = JsonParser.parseString(json).getAsJsonObject().getAsJsonObject("variables").getAsJsonArray("rows");
            assertEquals(false, rows.get(0).getAsJsonObject().get("keepsAutogradHistory").getAsBoolean(), "a leaf has no graph");
            assertEquals(true, rows.get(1).getAsJsonObject().get("keepsAutogradHistory").getAsBoolean());
            assertEquals(4, rows.get(1).getAsJsonObject().get("autogradHistoryBytes").getAsLong());
            assertEquals("[\"SumBackward0\"]", rows.get(1).getAsJsonObject().get("gradFunctions").toString());
        }
        String table = shown.get(1).text();
        assertTrue(table.matches("(?s).*\\n  loss +Tensor +cpu +float32 +\\[\\] \\+graph +4 B\\n.*"), table);
        assertTrue(!table.matches("(?s).*\\n  w [^\\n]*\\+graph.*"), "w requires grad but is a leaf: " + table);
        assertTrue(table.contains("+graph: loss (4 B, SumBackward0) is a tensor with autograd history"), table);
        assertTrue(table.contains("%%nograd in the GpuMagics kernel"), table);
    }

    /** Arrays nested {@code levels} deep, past the variable walk's depth limit: a walk that stops early. */
    static Object[] nestedArrays(int levels) {
        Object[] outer = new Object[1];
        Object[] level = outer;
        for (int i = 0; i < levels; i++) {
            Object[] next = new Object[1];
            level[0] = next;
            level = next;
        }
        return outer;
    }

    @Test
    void jsonWithVarsPutsTheVariablesInTheSameJsonDocument() {
        Object[] deep = nestedArrays(20);
        try (org.bytedeco.pytorch.Tensor weights = org.bytedeco.pytorch.global.torch.ones(256, 256);
                org.bytedeco.pytorch.Tensor row = weights.get(0)) {
            var variables = new dev.gpumagics.vars.MapVariables().put("weights", "Tensor", weights).put("row", "Tensor", row)
                    .put("deep", "Object[]", deep).put("n", "int", 3);
            run(magic, variables, "--json", "--vars", "--no-procs");
        }
        assertEquals(1, shown.size(), "one JSON document, no text table beside it");
        String text = shown.get(0).text();
        JsonObject json = JsonParser.parseString(text).getAsJsonObject();
        assertEquals(json, shown.get(0).get(MimeBundle.JSON).orElseThrow(), "the display's JSON is the same document");
        assertTrue(json.has("host"), "the memory report is still there");
        JsonObject vars = json.getAsJsonObject("variables");
        assertEquals(4, vars.get("variableCount").getAsInt());
        assertEquals(2, vars.get("holdingCount").getAsInt());
        assertEquals(1, vars.get("storageCount").getAsInt());
        assertEquals(256 * 256 * 4, vars.get("totalBytes").getAsLong());
        assertEquals(0, vars.get("gpuBytes").getAsLong());
        assertTrue(vars.get("scanMillis").getAsJsonPrimitive().isNumber());
        var rows = vars.getAsJsonArray("rows");
        assertEquals(3, rows.size(), "weights, row and deep (stopped early); not n: " + rows);
        JsonObject weights = rows.get(0).getAsJsonObject();
        assertEquals("weights", weights.get("name").getAsString());
        assertEquals("Tensor", weights.get("type").getAsString());
        assertEquals("[\"cpu\"]", weights.get("devices").toString());
        assertEquals("[\"float32\"]", weights.get("dtypes").toString());
        assertEquals("[256,256]", weights.get("shape").toString());
        assertEquals(1, weights.get("storageCount").getAsInt());
        assertEquals(0, weights.get("aloneBytes").getAsLong());
        assertEquals(256 * 256 * 4, weights.get("sharedBytes").getAsLong());
        assertEquals("[\"row\"]", weights.get("sharedWith").toString());
        assertEquals(false, weights.get("truncated").getAsBoolean());
        assertEquals("[256]", rows.get(1).getAsJsonObject().get("shape").toString());
        JsonObject stopped = rows.get(2).getAsJsonObject();
        assertEquals("deep", stopped.get("name").getAsString());
        assertEquals(true, stopped.get("truncated").getAsBoolean());
        assertEquals(0, stopped.get("storageCount").getAsInt());
        assertTrue(stopped.get("shape").isJsonNull(), "not one tensor: no shape");
    }

    @Test
    void jsonWithoutVarsHasNoVariablesMember() {
        run("--json", "--no-procs");
        JsonObject json = JsonParser.parseString(shown.get(0).text()).getAsJsonObject();
        assertTrue(!json.has("variables"), "variables are scanned only when asked for");
    }
}
