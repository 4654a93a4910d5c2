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
        assertEquals(5, args.size(), "three notebooks: " + args);
        executed = jupyter.python(work, "run_notebooks.py", args.toArray(String[]::new)).getAsJsonObject();
    }

    /** All the text a notebook's cell printed or showed. */
    private static String text(String notebook, int codeCell) {
        StringBuilder text = new StringBuilder();
        for (JsonElement output : executed.getAsJsonArray(notebook).get(codeCell).getAsJsonObject().getAsJsonArray("outputs")) {
            JsonObject o = output.getAsJsonObject();
            text.append(o.has("text") ? o.get("text").getAsString() : "").append('\n');
        }
        return text.toString();
    }

    @Test
    void noCellOfAnyNotebookFails() {
        for (String notebook : executed.keySet()) {
            JsonArray cells = executed.getAsJsonArray(notebook);
            for (JsonElement cell : cells) {
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
    void theTrainingNotebookLearnsTheLineAndReportsMemoryAfter() {
        String trained = text("02-free-after-training.ipynb", 1);
        assertTrue(trained.matches("(?s).*weight 3\\.0\\d\\d, bias 1\\.0\\d\\d.*|(?s).*weight 2\\.99\\d, bias 0\\.99\\d.*|(?s).*weight 3\\.00\\d, bias 0\\.99\\d.*|(?s).*weight 2\\.99\\d, bias 1\\.00\\d.*"), trained);
        assertTrue(text("02-free-after-training.ipynb", 2).startsWith("GPU memory at "));
        assertTrue(text("02-free-after-training.ipynb", 3).contains("Host: JVM heap"));
    }

    @Test
    void theSharedServerNotebookShowsTheReport() {
        assertTrue(text("03-shared-server.ipynb", 0).startsWith("GPU memory at "));
        assertTrue(text("03-shared-server.ipynb", 2).contains("JVM heap in use"));
    }
}
