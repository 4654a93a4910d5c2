package dev.gpumagics.it;

import static dev.gpumagics.it.BrowserReading.assertAtTheLeft;
import static dev.gpumagics.it.BrowserReading.assertAtTheRight;
import static dev.gpumagics.it.BrowserReading.assertColour;
import static dev.gpumagics.it.BrowserReading.bar;
import static dev.gpumagics.it.BrowserReading.objects;
import static dev.gpumagics.it.BrowserReading.piece;
import static dev.gpumagics.it.BrowserReading.pixel;
import static dev.gpumagics.it.BrowserReading.rows;
import static dev.gpumagics.it.BrowserReading.strings;
import static dev.gpumagics.it.BrowserReading.swatchRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpumagics.probe.ProcessTable;
import dev.gpumagics.report.MemoryBar;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report as a person sees it: notebook 01 executed by nbconvert on the installed kernel (so not
 * trusted), with a stand-in nvidia-smi printing an H100 80GB that two other users' processes share,
 * opened in Debian's classic Notebook in headless Chromium, trusted and not, and as an HTML export.
 * What the report shows is read from the DOM and from screenshots of it.
 */
class ReportInBrowserIT {

    static final Path CHROMIUM = Path.of(System.getProperty("gpumagics.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("gpumagics.chromedriver", "/usr/bin/chromedriver"));
    static final String GPU = "GPU-1f2e3d4c-5b6a-7980-a1b2-c3d4e5f60718";
    static final List<String> PIECES = List.of("this kernel", "other processes", "other used (driver, unlisted processes)", "free");

    @TempDir
    static Path work;
    static Path users;
    static final List<Process> others = new ArrayList<>();
    static JsonObject views;

    /** Why this cannot run here, where it cannot: each test is then skipped with that reason. */
    static Optional<String> missing = Optional.empty();

    @BeforeAll
    static void openTheExecutedNotebookInABrowser() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            missing = Optional.of("no " + CHROMIUM + " or " + CHROMEDRIVER + ": install Debian's chromium and chromium-driver");
        } else if (!Files.isExecutable(Jupyter.PYTHON) || Jupyter.run(List.of(Jupyter.PYTHON.toString(), "-c",
                "import selenium, notebook, nbconvert, nbformat, nbclient, jupyter_client"), work, null).exit() != 0) {
            missing = Optional.of("Debian's jupyter-notebook, jupyter-nbconvert, python3-nbclient or python3-selenium is not installed");
        }
        if (missing.isPresent()) {
            System.err.println("ReportInBrowserIT skipped: " + missing.get());
            return;
        }
        Jupyter jupyter = Jupyter.install(work);
        Path bin = standInNvidiaSmi(startOtherUsersProcesses());
        Path notebooks = Files.createDirectories(work.resolve("notebooks"));
        Path source = Path.of(System.getProperty("gpumagics.notebooks", "../notebooks"), "01-gpumem.ipynb").toAbsolutePath();
        Map<String, String> path = Map.of("PATH", bin + ":" + System.getenv("PATH"));
        Jupyter.Result executed = Jupyter.run(List.of(Jupyter.PYTHON.toString(), "-m", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=" + Jupyter.KERNEL, "--ExecutePreprocessor.timeout=600",
                "--output-dir", notebooks.toString(), "--output", "untrusted", source.toString()), work, jupyter.dataDir, path);
        assertEquals(0, executed.exit(), executed.toString());
        Path untrusted = notebooks.resolve("untrusted.ipynb");
        JsonObject notebook = JsonParser.parseString(Files.readString(untrusted)).getAsJsonObject();
        // another content, so that signing this copy does not make the other one trusted as well
        notebook.getAsJsonObject("metadata").addProperty("gpumagics_view", "trusted copy");
        Files.writeString(notebooks.resolve("trusted.ipynb"), new GsonBuilder().setPrettyPrinting().create().toJson(notebook));
        Jupyter.Result exported = Jupyter.run(List.of(Jupyter.PYTHON.toString(), "-m", "nbconvert", "--to", "html",
                "--output-dir", notebooks.toString(), "--output", "export", untrusted.toString()), work, jupyter.dataDir);
        assertEquals(0, exported.exit(), exported.toString());
        Path shots = Files.createDirectories(work.resolve("shots"));
        views = jupyter.python(work, "report_in_browser.py", shots.toString(), notebooks.toString(), "untrusted.ipynb",
                "trusted.ipynb", notebooks.resolve("export.html").toString(), CHROMIUM.toString(), CHROMEDRIVER.toString()).getAsJsonObject();
        keepScreenshots(shots);
    }

    /** A training run and an evaluation, started as two other users where this runs as root, else as this user. */
    private static List<Long> startOtherUsersProcesses() throws IOException {
        users = Files.createTempDirectory("gpumagics-users", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.writeString(users.resolve("train.py"), "import time\ntime.sleep(900)\n");
        boolean root = "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv"));
        List<Long> pids = new ArrayList<>();
        for (String[] who : new String[][] {{"65534", "--epochs", "3"}, {"4321", "--eval"}}) {
            List<String> command = new ArrayList<>();
            if (root) {
                command.addAll(List.of("/usr/bin/setpriv", "--reuid=" + who[0], "--regid=" + who[0], "--clear-groups"));
            }
            command.addAll(List.of(Jupyter.PYTHON.toString(), "train.py"));
            command.addAll(Arrays.asList(who).subList(1, who.length));
            Process process = new ProcessBuilder(command).directory(users.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("train-" + who[0] + ".log").toFile()).start();
            others.add(process);
            pids.add(process.pid());
        }
        return pids;
    }

    /**
     * nvidia-smi as the probe calls it, printing an H100 80GB in the shape of the recorded CSVs
     * (magics/src/test/resources/nvidia-smi): this kernel (the script's parent) 1230 MiB, the two others
     * 10 GiB and 2 GiB, 600 MiB the driver's own.
     */
    private static Path standInNvidiaSmi(List<Long> others) throws IOException {
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path smi = bin.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\ncase \"$1\" in\n"
                + "  --query-gpu=*) echo '0, " + GPU + ", NVIDIA H100 80GB HBM3, 81559, 14118, 67441, 37, 580.159.04' ;;\n"
                + "  --query-compute-apps=*) echo \"" + GPU + ", $PPID, 1230\"; echo '" + GPU + ", " + others.get(0) + ", 10240'; echo '"
                + GPU + ", " + others.get(1) + ", 2048' ;;\n  *) exit 2 ;;\nesac\n");
        assertTrue(smi.toFile().setExecutable(true));
        return bin;
    }

    /** With -Dgpumagics.screenshots=DIR, the first report cell of each view goes there (docs/img). */
    private static void keepScreenshots(Path shots) throws IOException {
        String target = System.getProperty("gpumagics.screenshots", "");
        if (!target.isEmpty()) {
            for (String view : List.of("untrusted", "trusted", "export")) {
                Files.copy(shots.resolve(view + "-first-cell.png"), Path.of(target).resolve("report-" + view + ".png"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @AfterAll
    static void stopThem() throws IOException {
        others.forEach(Process::destroyForcibly);
        if (users != null) {
            Files.deleteIfExists(users.resolve("train.py"));
            Files.deleteIfExists(users);
        }
    }

    private static List<JsonObject> reports(String view, String kind) {
        return StreamSupport.stream(views.getAsJsonObject(view).getAsJsonArray("reports").spliterator(), false)
                .map(JsonElement::getAsJsonObject).filter(r -> r.get("kind").getAsString().equals(kind)).toList();
    }

    @Test
    void theUntrustedNotebookIsUntrustedAndTheOtherTrusted() {
        assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        assertEquals(false, views.getAsJsonObject("untrusted").get("trusted").getAsBoolean());
        assertEquals(true, views.getAsJsonObject("trusted").get("trusted").getAsBoolean());
    }

    @Test
    void theBarIsVisibleWithItsPiecesInOrderAndTheLegendMatchesItOnScreen() throws IOException {
        assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        for (String view : List.of("untrusted", "trusted", "export")) {
            JsonObject report = reports(view, "report").get(0);
            JsonObject bar = bar(report);
            String where = view + ": " + bar;
            assertTrue(bar.get("visible").getAsBoolean() && bar.get("complete").getAsBoolean(), where);
            assertEquals(MemoryBar.WIDTH * 2, bar.get("naturalWidth").getAsInt(), where);
            assertEquals(MemoryBar.WIDTH, bar.getAsJsonObject("box").get("width").getAsDouble(), 0.5, where);
            assertEquals(MemoryBar.HEIGHT, bar.getAsJsonObject("box").get("height").getAsDouble(), 0.5, where);
            assertEquals(PIECES, strings(bar.getAsJsonArray("areas"), "alt"), where);
            assertEquals(List.of("this kernel: 1.20 GiB (1.5% of the GPU)", "other processes: 12.0 GiB (15% of the GPU)",
                    "other used (driver, unlisted processes): 600 MiB (0.7% of the GPU)", "free: 65.9 GiB (83% of the GPU)"),
                    strings(bar.getAsJsonArray("areas"), "title"), where);

            List<List<JsonObject>> legend = swatchRows(bar);
            assertEquals(PIECES, legend.stream().map(cells -> cells.get(0).getAsJsonObject("swatch").get("alt").getAsString()).toList(),
                    view + ": one colour square per piece, in the bar's order");
            assertEquals(List.of("this kernel", "other processes (2)", "other used (driver, unlisted processes)", "free"),
                    legend.stream().map(cells -> cells.get(1).get("text").getAsString()).toList(), view);
            assertEquals(List.of("1.20 GiB", "12.0 GiB", "600 MiB", "65.9 GiB"),
                    legend.stream().map(cells -> cells.get(2).get("text").getAsString()).toList(), view);
            assertEquals(List.of("1.5%", "15%", "0.7%", "83%"), legend.stream().map(cells -> cells.get(3).get("text").getAsString()).toList(),
                    view);

            BufferedImage shot = ImageIO.read(Path.of(report.get("screenshot").getAsString()).toFile());
            JsonObject box = bar.getAsJsonObject("box");
            List<JsonObject> areas = objects(bar.getAsJsonArray("areas"));
            for (int i = 0; i < areas.size(); i++) {
                JsonArray coords = areas.get(i).getAsJsonArray("coords");
                int colour = piece(areas.get(i).get("alt").getAsString()).rgb();
                double x = box.get("x").getAsDouble() + (coords.get(0).getAsInt() + coords.get(2).getAsInt()) / 2.0;
                assertColour(colour, pixel(shot, x, box.get("y").getAsDouble() + MemoryBar.HEIGHT / 2.0), view + ", the bar's " + PIECES.get(i));
                JsonObject swatch = legend.get(i).get(0).getAsJsonObject("swatch");
                assertTrue(swatch.get("visible").getAsBoolean() && swatch.get("complete").getAsBoolean(), view + ": " + swatch);
                assertEquals(MemoryBar.SWATCH, swatch.getAsJsonObject("box").get("width").getAsDouble(), 0.5, view + ": " + swatch);
                JsonObject square = swatch.getAsJsonObject("box");
                assertColour(colour, pixel(shot, square.get("x").getAsDouble() + MemoryBar.SWATCH / 2.0,
                        square.get("y").getAsDouble() + MemoryBar.SWATCH / 2.0), view + ", the legend's square for " + PIECES.get(i));
            }
            assertEquals(0, report.get("svg").getAsInt(), view);
        }
    }

    @Test
    void labelsSitLeftFiguresStayOnOneLineAndTheTextSaysWhatTheTextReportSays() {
        assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        for (String view : List.of("untrusted", "trusted", "export")) {
            JsonObject report = reports(view, "report").get(0);
            for (List<JsonObject> cells : rows(bar(report).getAsJsonObject("legend"))) {
                JsonObject label = cells.get(1);
                assertEquals("left", label.get("align").getAsString(), view + ": " + label);
                assertAtTheLeft(label, view);
                for (JsonObject figure : cells.subList(2, cells.size())) {
                    assertTrue(figure.get("lines").getAsInt() <= 1, view + ", wraps: " + figure);
                    if (figure.get("lines").getAsInt() == 1) {
                        assertAtTheRight(figure, view);
                    }
                }
            }
            String text = report.get("text").getAsString();
            assertTrue(text.contains("used 13.8 GiB of 79.6 GiB (17%), free 65.9 GiB, utilization 37%"), view + ": " + text);
            assertTrue(text.contains("no tensor/cache split: CUDA cannot be asked here"), view + ": " + text);
            assertTrue(!text.contains("is the CUDA context"), view + ": " + text);
        }
    }

    @Test
    void theOtherProcessesHaveAColumnEach() {
        assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        List<String> expectedUsers = others.stream()
                .map(p -> ProcessTable.system().identify(p.pid()).user().orElseThrow()).toList();
        for (String view : List.of("untrusted", "trusted", "export")) {
            JsonObject processes = bar(reports(view, "report").get(0)).getAsJsonObject("processes");
            assertEquals(List.of("pid", "user", "GPU memory", "of GPU", "command"),
                    new Gson().fromJson(processes.getAsJsonArray("headers"), List.class), view);
            List<List<JsonObject>> rows = rows(processes);
            assertEquals(2, rows.size(), view);
            List<String> memory = List.of("10.0 GiB", "2.00 GiB");
            List<String> share = List.of("13%", "2.5%");
            List<String> commands = List.of("/usr/bin/python3 train.py --epochs 3", "/usr/bin/python3 train.py --eval");
            for (int i = 0; i < 2; i++) {
                List<String> cells = rows.get(i).stream().map(c -> c.get("text").getAsString()).toList();
                assertEquals(List.of(Long.toString(others.get(i).pid()), expectedUsers.get(i), memory.get(i), share.get(i), commands.get(i)),
                        cells, view);
                assertAtTheLeft(rows.get(i).get(1), view + ", user");
                assertAtTheLeft(rows.get(i).get(4), view + ", command");
            }
        }
    }

    @Test
    void withoutTheProcessListOtherUsersMemoryIsStillTheirs() {
        assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        for (String view : List.of("untrusted", "trusted", "export")) {
            JsonObject bar = bar(reports(view, "report").get(2));
            assertEquals("other processes: 12.0 GiB (15% of the GPU)", objects(bar.getAsJsonArray("areas")).get(1).get("title").getAsString(), view);
            assertEquals("other processes (2, not listed: --no-procs)", swatchRows(bar).get(1).get(1).get("text").getAsString(), view);
            assertTrue(bar.get("processes").isJsonNull(), view);
        }
    }

    @Test
    void theVariablesTableSetsTextLeftAndFiguresRight() {
        assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        for (String view : List.of("untrusted", "trusted", "export")) {
            JsonObject table = reports(view, "vars").get(0).getAsJsonObject("table");
            assertEquals(List.of("variable", "type", "device", "dtype", "shape", "alone", "shared", "shared with"),
                    new Gson().fromJson(table.getAsJsonArray("headers"), List.class), view);
            List<List<JsonObject>> rows = rows(table);
            assertTrue(rows.size() >= 2, view + ": weights and batch hold tensors: " + table);
            for (List<JsonObject> cells : rows) {
                for (int column : new int[] {0, 1, 2, 3, 4}) {
                    assertAtTheLeft(cells.get(column), view + ", column " + column);
                }
                assertAtTheRight(cells.get(5), view + ", alone");
            }
        }
    }
}
