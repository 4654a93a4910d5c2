package dev.gpumagics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpumagics.probe.RecordedNvidiaSmi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recorded servers through our kernel, driven by Debian's jupyter_client (devices_session.py), and through the command
 * line: eight H100s of which one answers [N/A] for its memory (idle, and busy on two), a MIG server (an A100 with two
 * 3g.40gb instances beside a whole one) and a unified-memory GB10. Each kernel's PATH starts with a stand-in nvidia-smi
 * printing the recording (magics/src/test/resources/nvidia-smi, RecordedNvidiaSmi); NVML cannot load here, so the
 * reports come from nvidia-smi, as on a server without the CUDA 13 runtime.
 */
class DevicesIT {

    @TempDir
    static Path work;
    static Jupyter jupyter;
    static JsonObject session;
    static final Map<String, Path> BIN = new java.util.HashMap<>();

    @BeforeAll
    static void runTheMagicsOnEachRecordedServer() throws Exception {
        jupyter = Jupyter.install(work);
        List<String> args = new ArrayList<>(List.of(Jupyter.KERNEL));
        for (String[] server : new String[][] {{"eight", "5", "full"}, {"eight-busy", "6", "mem"}, {"mig", "0:1", "full"},
                {"gb10", "0", "full"}}) {
            Path bin = work.resolve("bin-" + server[0]);
            RecordedNvidiaSmi.install(bin, server[0]);
            BIN.put(server[0], bin);
            args.add(server[0] + "=" + bin + "=" + server[1] + "=" + server[2]);
        }
        session = jupyter.python(work, "devices_session.py", args.toArray(String[]::new)).getAsJsonObject();
        keepTheGrid();
    }

    private static JsonObject cell(String server, String cell) {
        JsonObject run = session.getAsJsonObject(server).getAsJsonObject(cell);
        assertEquals("ok", run.get("status").getAsString(), server + " " + cell + ": " + run);
        return run;
    }

    /** What the cell showed last, of that MIME type: "text", "html" or "json". */
    private static String shown(String server, String cell, String kind) {
        JsonArray outputs = cell(server, cell).getAsJsonArray("outputs");
        return outputs.get(outputs.size() - 1).getAsJsonObject().get(kind).toString().transform(s -> kind.equals("json") ? s
                : JsonParser.parseString(s).getAsString());
    }

    private static JsonObject json(String server, String cell) {
        return JsonParser.parseString(shown(server, cell, "json")).getAsJsonObject();
    }

    private static List<String> ids(JsonObject report) {
        return StreamSupport.stream(report.getAsJsonArray("devices").spliterator(), false)
                .map(d -> d.getAsJsonObject().get("id").getAsString()).toList();
    }

    private static Jupyter.Result cli(String server, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jupyter.jar.toString()));
        command.addAll(List.of(args));
        return Jupyter.run(command, work, null, Map.of("PATH", BIN.get(server) + ":" + System.getenv("PATH")));
    }

    @Test
    void everyDeviceTheDriverListsIsShownMigInstancesAsDevicesOfTheirOwn() {
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7"), ids(json("eight", "json")));
        assertEquals(List.of("0", "0:0", "0:1", "1"), ids(json("mig", "json")));
        assertEquals(List.of("0"), ids(json("gb10", "json")));
        String mig = shown("mig", "mem", "text");
        assertTrue(mig.contains("\n0:0    MIG 3g.40gb ") && mig.contains("\n0:1    MIG 3g.40gb "), mig);
        assertTrue(shown("mig", "device", "text").contains("GPU 0:1: NVIDIA A100-SXM4-80GB MIG 3g.40gb   used 1.94 GiB of 39.3 GiB"),
                shown("mig", "device", "text"));
    }

    @Test
    void aMissingValueIsNullInJsonAndNotAvailableInWords() {
        JsonObject unknown = json("eight", "json").getAsJsonArray("devices").get(5).getAsJsonObject();
        for (String absent : List.of("totalBytes", "usedBytes", "freeBytes")) {
            assertTrue(unknown.get(absent).isJsonNull(), absent + ": " + unknown);
        }
        assertEquals("NVIDIA H100 80GB HBM3", unknown.get("name").getAsString());
        assertTrue(shown("eight", "mem", "text").contains("\n5      NVIDIA H100 80GB HBM3        N/A / N/A "), shown("eight", "mem", "text"));
        assertTrue(shown("eight", "device", "text").contains("GPU 5: NVIDIA H100 80GB HBM3   used N/A of N/A, free N/A, utilization 0%"),
                shown("eight", "device", "text"));
        JsonObject gb10 = json("gb10", "json").getAsJsonArray("devices").get(0).getAsJsonObject();
        assertTrue(gb10.get("totalBytes").isJsonNull() && gb10.get("freeBytes").isJsonNull(), gb10.toString());
        assertTrue(shown("gb10", "mem", "text").contains("hint: memory N/A: the driver gives no figure for this device's memory."),
                shown("gb10", "mem", "text"));
        assertTrue(json("mig", "json").getAsJsonArray("devices").get(1).getAsJsonObject().get("utilizationPercent").isJsonNull());
    }

    @Test
    void noReportSaysToInstallTheDriverOnAMachineThatHasOne() throws Exception {
        for (String server : List.of("eight", "eight-busy", "mig", "gb10")) {
            String everything = session.getAsJsonObject(server).toString();
            assertFalse(everything.contains("install the NVIDIA driver"), server + ": " + everything);
            String cli = cli(server, "mem").out();
            assertFalse(cli.contains("install the NVIDIA driver") || cli.contains("no NVIDIA driver"), server + ": " + cli);
        }
    }

    @Test
    void eightIdleGpusTakeAtMostTwelveLinesAndTheHtmlIsAGrid() {
        String text = shown("eight", "mem", "text");
        assertTrue(text.lines().count() <= 12, text.lines().count() + " lines:\n" + text);
        String html = shown("eight-busy", "mem", "html");
        assertTrue(html.contains("<table class=\"gpumagics-grid\" cellpadding=\"4\">"), html);
        assertEquals(8, html.split("<td valign=\"top\">", -1).length - 1, "a cell a device");
        assertEquals(List.of("GPU 2: NVIDIA H100 80GB HBM3", "GPU 6: NVIDIA H100 80GB HBM3"),
                java.util.regex.Pattern.compile("<h4>(.*?)</h4>").matcher(html).results().map(m -> m.group(1)).toList(),
                "in full only where another process holds memory");
    }

    @Test
    void aWrongDeviceIsOneLineNamingTheDevicesThere() {
        JsonObject bad = session.getAsJsonObject("mig").getAsJsonObject("bad_device");
        String said = bad.toString();
        assertTrue(said.contains("no GPU 9: this machine has GPUs 0 to 1 and MIG instances 0:0, 0:1"), said);
        assertFalse(said.contains("at dev.gpumagics"), "no stack trace: " + said);
    }

    @Test
    void theVariablesFreeCollectWatchAndDiagnosisRunOnEveryRecordedServer() {
        for (String server : List.of("eight", "mig", "gb10")) {
            assertTrue(shown(server, "vars", "text").contains("x         Tensor"), server + ": " + shown(server, "vars", "text"));
            assertTrue(shown(server, "free", "text").startsWith("gpufree: reclaimed 4.00 MiB from 1 variable"), shown(server, "free", "text"));
            assertTrue(shown(server, "gc", "text").startsWith("gpugc: host RSS "), shown(server, "gc", "text"));
            String on = shown(server, "watch_on", "text");
            assertTrue(on.contains("NVML cannot be read here") && on.contains("%gpumem shows the GPUs"), server + ": " + on);
            assertTrue(cell(server, "watched").toString().contains("gpuwatch: "), cell(server, "watched").toString());
            assertTrue(shown(server, "why", "text").startsWith("No allocation failure seen in this kernel; what holds memory on GPU 0 ("),
                    server + ": " + shown(server, "why", "text"));
            assertEquals("0", json(server, "why_json").getAsJsonObject("place").get("driverDevice").getAsString());
        }
        assertTrue(shown("gb10", "why", "text").contains("Now: GPU 0's free memory is N/A from the driver"), shown("gb10", "why", "text"));
    }

    @Test
    void theCommandLineShowsTheSame() throws Exception {
        Jupyter.Result eight = cli("eight", "mem");
        assertEquals(0, eight.exit(), eight.toString());
        assertTrue(eight.out().lines().count() <= 12, eight.out());
        assertTrue(eight.out().contains("\n5      NVIDIA H100 80GB HBM3        N/A / N/A "), eight.out());
        Jupyter.Result instance = cli("mig", "mem", "--device", "0:1");
        assertTrue(instance.out().contains("GPU 0:1: NVIDIA A100-SXM4-80GB MIG 3g.40gb   used 1.94 GiB of 39.3 GiB"), instance.toString());
        Jupyter.Result gb10 = cli("gb10", "mem", "--json");
        JsonElement device = JsonParser.parseString(gb10.out()).getAsJsonObject().getAsJsonArray("devices").get(0);
        assertTrue(device.getAsJsonObject().get("totalBytes").isJsonNull(), gb10.toString());
        Jupyter.Result wrong = cli("mig", "mem", "--device", "0:x");
        assertEquals(2, wrong.exit(), wrong.toString());
        assertEquals(1, wrong.err().strip().lines().count(), wrong.toString());
    }

    /**
     * With -Dgpumagics.screenshots=DIR, the busy eight-GPU report's HTML goes there, and, where Debian's chromium is, its
     * picture (docs/img/devices-grid.png was made so).
     */
    private static void keepTheGrid() throws Exception {
        String target = System.getProperty("gpumagics.screenshots", "");
        if (target.isEmpty()) {
            return;
        }
        Path html = Path.of(target).toAbsolutePath().resolve("devices-grid.html");
        Files.writeString(html, "<!DOCTYPE html><html><body>" + shown("eight-busy", "mem", "html") + "</body></html>");
        if (Files.isExecutable(ReportInBrowserIT.CHROMIUM)) {
            Path profile = Files.createTempDirectory(work, "chromium");
            Jupyter.Result shot = Jupyter.run(List.of(ReportInBrowserIT.CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--user-data-dir=" + profile, "--screenshot=" + html.resolveSibling("devices-grid.png"), "--window-size=1100,1000",
                    html.toUri().toString()), work, null);
            assertEquals(0, shot.exit(), shot.toString());
        }
    }
}
