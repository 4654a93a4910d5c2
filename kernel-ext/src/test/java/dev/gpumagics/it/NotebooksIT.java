package dev.gpumagics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every notebook in notebooks/ executed by Debian's nbclient on the installed kernel, and what it printed. */
class NotebooksIT {

    @TempDir
    static Path work;
    static JsonObject executed;

    @BeforeAll
    static void execute() throws Exception {
        Jupyter jupyter = Jupyter.install(work);
        Path dir = Path.of(System.getProperty("gpumagics.notebooks", "../notebooks")).toAbsolutePath();
        List<String> args = new ArrayList<>(List.of(Jupyter.KERNEL, work.toString()));
        try (Stream<Path> notebooks = Files.list(dir)) {
            notebooks.filter(p -> p.toString().endsWith(".ipynb")).sorted().map(Path::toString).forEach(args::add);
        }
        assertEquals(7, args.size(), "five notebooks: " + args);
        executed = jupyter.python(work, "run_notebooks.py", args.toArray(String[]::new)).getAsJsonObject();
    }

    /** All the text a notebook's cell printed or showed. */
    private static final String LIVE_VIEW = "gpuwatch the cell's memory over its ";

    /**
     * The cell's text outputs, without the watch's live view: a cell that runs past the live view's 2 s on a loaded
     * machine gets one, and its last frame stays in front of the cell's own lines (the training cell's is checked apart).
     */
    private static String text(String notebook, int codeCell) {
        StringBuilder text = new StringBuilder();
        for (JsonElement output : executed.getAsJsonArray(notebook).get(codeCell).getAsJsonObject().getAsJsonArray("outputs")) {
            JsonObject o = output.getAsJsonObject();
            // an error shows its one line
            String line = o.has("text") ? o.get("text").getAsString() : o.has("evalue") ? o.get("evalue").getAsString() : "";
            if (!line.startsWith(LIVE_VIEW)) {
                text.append(line).append('\n');
            }
        }
        return text.toString();
    }

    /** Whether the cell carries Jupyter's raises-exception tag: it fails on purpose, and Run All goes on past it. */
    private static boolean failsOnPurpose(JsonElement cell) {
        return cell.getAsJsonObject().getAsJsonArray("tags").toString().contains("\"raises-exception\"");
    }

    /** The outputs of one code cell. */
    private static JsonArray outputs(String notebook, int codeCell) {
        return executed.getAsJsonArray(notebook).get(codeCell).getAsJsonObject().getAsJsonArray("outputs");
    }

    @Test
    void noCellOfAnyNotebookFails() {
        for (String notebook : executed.keySet()) {
            JsonArray cells = executed.getAsJsonArray(notebook);
            for (JsonElement cell : cells) {
                if (failsOnPurpose(cell)) {
                    continue;
                }
                for (JsonElement output : cell.getAsJsonObject().getAsJsonArray("outputs")) {
                    assertTrue(!output.getAsJsonObject().get("type").getAsString().equals("error"),
                            notebook + ": " + cell.getAsJsonObject().get("source").getAsString() + " -> " + output);
                }
            }
        }
    }

    @Test
    void theGpumemNotebookShowsTheReportTheJsonAndTheTorchMemory() {
        String report = text("01-gpumem.ipynb", 0);
        assertTrue(report.startsWith("GPU memory at "), report);
        assertTrue(report.contains("Host: JVM heap"), report);
        String json = text("01-gpumem.ipynb", 1);
        assertTrue(json.strip().startsWith("{"), json);
        assertTrue(text("01-gpumem.ipynb", 2).contains("jars added for org.bytedeco:pytorch"), text("01-gpumem.ipynb", 2));
        assertTrue(text("01-gpumem.ipynb", 3).contains("256") && text("01-gpumem.ipynb", 3).contains("1024"), text("01-gpumem.ipynb", 3));
        assertTrue(text("01-gpumem.ipynb", 4).contains("JavaCPP native"), text("01-gpumem.ipynb", 4));
    }

    @Test
    void theTrainingNotebookLearnsTheLineThenFreesWhatTheVariablesHold() {
        String trained = text("02-free-after-training.ipynb", 1);
        assertTrue(trained.matches("(?s).*weight (3\\.00\\d|2\\.99\\d), bias (1\\.00\\d|0\\.99\\d).*"), trained);
        String vars = text("02-free-after-training.ipynb", 2);
        assertTrue(vars.startsWith("GPU memory at "), vars);
        // x, y, model, optimizer and lastLoss: the String the training cell showed left no $N behind
        assertTrue(vars.contains("4 of 5 variables hold tensors: 2.00 MiB in 6 storages"), vars);
        assertTrue(vars.matches("(?s).*\\n  x +Tensor +cpu +float32 +\\[262144, 1\\] +1\\.00 MiB\\n.*"), vars);
        assertTrue(vars.matches("(?s).*\\n  optimizer +SGD .* optimizer's state.*"), vars);
        String dryRun = text("02-free-after-training.ipynb", 3);
        assertTrue(dryRun.startsWith("gpufree --dry-run: would free 2.00 MiB from 4 variables"), dryRun);
        String freed = text("02-free-after-training.ipynb", 4);
        assertTrue(freed.startsWith("gpufree: reclaimed 2.00 MiB from 4 variables"), freed);
        assertTrue(freed.matches("(?s).*\\n  y +freed, now null +1\\.00 MiB\\n.*"), freed);
        assertEquals("true", text("02-free-after-training.ipynb", 5).strip());
        assertTrue(text("02-free-after-training.ipynb", 6).startsWith("gpugc: "), text("02-free-after-training.ipynb", 6));
    }

    @Test
    void theSharedServerNotebookSuspendsOrSaysWhyNotAndKeepsEveryValue() {
        assertTrue(text("03-shared-server.ipynb", 0).startsWith("GPU memory at "));
        assertTrue(text("03-shared-server.ipynb", 2).contains("a 64 MiB tensor on the "), text("03-shared-server.ipynb", 2));
        String suspend = text("03-shared-server.ipynb", 3);
        assertTrue(suspend.startsWith("Suspended: ") || suspend.startsWith("%gpususpend: "), suspend);
        assertTrue(suspend.startsWith("Suspended: ") || outputs("03-shared-server.ipynb", 3).get(0).getAsJsonObject()
                .get("type").getAsString().equals("error"), "a suspend that did not happen fails its cell: " + suspend);
        assertEquals(1, suspend.strip().lines().count(), suspend);
        assertTrue(text("03-shared-server.ipynb", 4).startsWith("GPU memory at "));
        assertEquals("149999997", text("03-shared-server.ipynb", 5).strip());
        assertEquals("every value intact", text("03-shared-server.ipynb", 6).strip().replace("\"", ""));
        String resume = text("03-shared-server.ipynb", 7);
        assertTrue(resume.startsWith("Resumed") || resume.startsWith("%gpuresume: not suspended"), resume);
        String reset = text("03-shared-server.ipynb", 8);
        assertTrue(reset.startsWith("%gpureset") || reset.startsWith("Reset: "), reset);
    }

    @Test
    void theWatchNotebookShowsEachCellsLineTheLiveViewsLastFrameAGraphMarkedAndNoGradEvaluation() {
        String notebook = "05-watch-training.ipynb";
        assertTrue(text(notebook, 1).startsWith("gpuwatch on: after each cell, one line of what it did to memory"), text(notebook, 1));
        // the data cell's line; a machine slow enough to keep it past 2 s shows the live view's last frame before it
        String data = text(notebook, 2);
        assertTrue(data.startsWith("gpuwatch: ") && data.contains(" | inputs new 64.0 MiB, rule new 64 B, targets new 4.00 MiB"), data);
        JsonArray training = outputs(notebook, 3);
        JsonObject lastFrame = training.get(0).getAsJsonObject();
        assertEquals("display_data", lastFrame.get("type").getAsString());
        assertTrue(lastFrame.get("text").getAsString().startsWith(LIVE_VIEW + "5."),
                "nbclient replaced the live view in place with its last frame: " + lastFrame);
        assertTrue(lastFrame.get("html").getAsString().contains("<img class=\"gpumagics-sparkline\" src=\"data:image/png;base64,"));
        assertTrue(training.get(1).getAsJsonObject().get("text").getAsString().startsWith("gpuwatch: 5."), training.toString());
        assertTrue(training.get(2).getAsJsonObject().get("text").getAsString().matches("\\d+ steps in 5 s, loss 0\\.\\d+"), training.toString());
        assertTrue(text(notebook, 4).contains(" | loss new 4.00 MiB +graph"), text(notebook, 4));
        assertTrue(text(notebook, 5).contains("+graph: loss (4.00 MiB, MseLossBackward0)"), text(notebook, 5));
        assertTrue(text(notebook, 6).contains("graph recorded: false"), text(notebook, 6));
        String freed = text(notebook, 7);
        assertTrue(freed.startsWith("gpufree: reclaimed 76.0 MiB from 4 variables"), freed);
        assertTrue(freed.matches("(?s).*\\ngpuwatch: [^\\n]* \\| host RSS -.*"), "the watch's line says the drop: " + freed);
        assertEquals("gpuwatch off: cells are no longer watched.", text(notebook, 8).strip());
    }

    @Test
    void theOutOfMemoryNotebookFailsOnPurposeIsToldWhyFreesWhatItNamesAndRecovers() {
        String notebook = "04-out-of-memory.ipynb";
        assertTrue(failsOnPurpose(executed.getAsJsonArray(notebook).get(3)), "the failing cell carries raises-exception");
        JsonObject error = outputs(notebook, 3).get(0).getAsJsonObject();
        assertEquals("error", error.get("type").getAsString());
        assertEquals("java.lang.RuntimeException", error.get("ename").getAsString());
        assertTrue(error.get("evalue").getAsString().contains("DefaultCPUAllocator: can't allocate memory"), error.toString());
        JsonObject diagnosis = outputs(notebook, 3).get(1).getAsJsonObject();
        String why = diagnosis.get("text").getAsString();
        assertTrue(why.startsWith("Out of host memory: libtorch's CPU allocator was asked for 32.0 TiB.\n"), why);
        assertTrue(why.matches("(?s).*\\n      activations +Tensor +128 MiB   %gpufree activations\\n      weights +Tensor +16\\.0 MiB"
                + "   %gpufree weights\\n.*"), "the largest holder first, with its bytes and its line: " + why);
        assertTrue(diagnosis.get("html").getAsString().contains("<code>%gpufree activations</code>"), diagnosis.toString());

        String freed = text(notebook, 4);
        assertTrue(freed.startsWith("gpufree: reclaimed 128 MiB from 1 variable"), freed);
        assertEquals("131072", text(notebook, 5).strip(), "the smaller variant runs");
        String again = text(notebook, 6);
        assertTrue(again.startsWith("Out of host memory: libtorch's CPU allocator was asked for 32.0 TiB."), again);
        assertTrue(again.contains("%gpufree weights") && !again.contains("%gpufree activations"), "as the variables are now: " + again);
        String found = text(notebook, 7);
        assertTrue(found.matches("(?s)batch size \\d+ fits \\(\\d+ tries in .*\\n  67108864  out of memory after \\d+ ms, asking for 32\\.0 TiB;"
                + " giving memory back took .*"), found);
        int size = Integer.parseInt(found.substring("batch size ".length(), found.indexOf(" fits")));
        assertTrue(Integer.bitCount(size) == 1 && size < 1 << 26, "a halving of 2^26 that fitted: " + size);
        assertTrue(text(notebook, 8).startsWith("gpugc: "), text(notebook, 8));
    }
}
