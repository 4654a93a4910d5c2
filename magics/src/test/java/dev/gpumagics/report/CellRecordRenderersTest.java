package dev.gpumagics.report;

import static dev.gpumagics.look.RecordedProbes.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.gpumagics.probe.ProcessIdentity;
import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.watch.CellRecord;
import dev.gpumagics.watch.DeviceChange;
import dev.gpumagics.watch.HostChange;
import dev.gpumagics.watch.Peak;
import dev.gpumagics.watch.ProcessChange;
import dev.gpumagics.watch.VariableChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A %gpuwatch record's line, HTML row and JSON, from recorded figures: a training step on an H100, and a CPU-only cell. */
class CellRecordRenderersTest {

    static final Instant AT = Instant.parse("2026-12-01T22:00:00Z");

    /** A step that made a model and its activations on GPU 0, while another user's job started there. */
    static CellRecord onTheGpu() {
        HostChange host = new HostChange(OptionalLong.of(900 * MIB), OptionalLong.of(912 * MIB), Optional.of(new Peak(930 * MIB, true)),
                0, 64);
        DeviceChange device = new DeviceChange(DeviceId.gpu(0), Optional.of("NVIDIA H100 80GB HBM3"), OptionalLong.of(544 * MIB),
                OptionalLong.of(1056 * MIB),
                OptionalLong.of(546 * MIB), OptionalLong.of(1570 * MIB), Optional.of(new Peak(2080 * MIB, true)), true,
                OptionalLong.of(1230 * MIB), OptionalLong.of(2254 * MIB), OptionalLong.of(55000 * MIB), OptionalLong.of(81559 * MIB));
        List<VariableChange> variables = List.of(
                new VariableChange("model", "LinearImpl", VariableChange.How.CREATED, 512 * MIB, 512 * MIB, OptionalLong.empty(), false),
                new VariableChange("loss", "Tensor", VariableChange.How.ASSIGNED, 4, 4, OptionalLong.of(4), true),
                new VariableChange("x", "Tensor", VariableChange.How.ASSIGNED, 0, 0, OptionalLong.of(64 * MIB), false));
        List<ProcessChange> processes = List.of(new ProcessChange(Optional.of(DeviceId.gpu(0)), 52011, true, OptionalLong.of(11876 * MIB),
                new ProcessIdentity(52011, true, Optional.of("alice"), Optional.of("python train.py"))));
        return new CellRecord(AT, Duration.ofMillis(3215), host, List.of(device), Optional.empty(), false, variables, processes);
    }

    /** A cell on a machine without a driver, whose peak had to be sampled. */
    static CellRecord onTheHost() {
        HostChange host = new HostChange(OptionalLong.of(412 * MIB), OptionalLong.of(412 * MIB), Optional.of(new Peak(476 * MIB, false)),
                0, 0);
        return new CellRecord(AT, Duration.ofMillis(87), host, List.of(), Optional.of("no NVIDIA driver found"), false, List.of(), List.of());
    }

    @Test
    void theLineSaysEachChangeSignedEachPeakAboveTheStartAndTheVariablesByName() {
        assertEquals("gpuwatch: 3.22 s | host RSS +12.0 MiB (peak +30.0 MiB, now 912 MiB), JavaCPP +64 B"
                + " | GPU 0 allocated +512 MiB, reserved +1.00 GiB (peak +1.50 GiB), free 53.7 GiB"
                + " | model new 512 MiB on GPU, loss 4 B -> 4 B on GPU +graph, x 64.0 MiB -> 0 B"
                + " | pid 52011 (alice) appeared on GPU 0 with 11.6 GiB", CellRecordText.line(onTheGpu()));
        assertEquals("gpuwatch: 87 ms | host RSS +0 B (peak +64.0 MiB sampled, now 412 MiB), JavaCPP +0 B",
                CellRecordText.line(onTheHost()), "no GPU: nothing said of one after each cell");
    }

    @Test
    void withoutLibtorchsCountersTheDeviceIsThisKernelsMemoryAndItsPeakIsSampled() {
        DeviceChange device = new DeviceChange(DeviceId.gpu(0), Optional.of("NVIDIA H100 80GB HBM3"), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(),
                OptionalLong.empty(), Optional.of(new Peak(900 * MIB, false)), false, OptionalLong.of(518 * MIB), OptionalLong.of(700 * MIB),
                OptionalLong.of(70000 * MIB), OptionalLong.of(81559 * MIB));
        CellRecord record = new CellRecord(AT, Duration.ofMillis(1500), onTheHost().host(), List.of(device), Optional.empty(), false,
                List.of(), List.of());
        assertTrue(CellRecordText.line(record).endsWith(" | GPU 0 this kernel +182 MiB (peak +382 MiB sampled), free 68.4 GiB"),
                CellRecordText.line(record));
        CellRecord parked = new CellRecord(AT, Duration.ofMillis(1500), onTheHost().host(), List.of(), Optional.of("parked"), true,
                List.of(), List.of());
        assertTrue(CellRecordText.line(parked).endsWith(" | GPU not read: this kernel's GPU state is parked"), CellRecordText.line(parked));
    }

    @Test
    void theRowIsTheLinesPartsInCellsAnUntrustedNotebookKeeps() {
        String html = CellRecordHtml.row(onTheGpu());
        assertKept(html);
        List<String> cells = cells(html);
        assertEquals(List.of("gpuwatch", "3.22 s", "host RSS +12.0 MiB (peak +30.0 MiB, now 912 MiB), JavaCPP +64 B",
                "GPU 0 allocated +512 MiB, reserved +1.00 GiB (peak +1.50 GiB), free 53.7 GiB",
                "model new 512 MiB on GPU, loss 4 B -> 4 B on GPU +graph, x 64.0 MiB -> 0 B",
                "pid 52011 (alice) appeared on GPU 0 with 11.6 GiB"), cells);
        assertTrue(html.contains("<code>model</code>"), html);
        assertTrue(html.contains("+512&nbsp;MiB"), "figures do not break: " + html);
    }

    @Test
    void jsonHasEveryFigureAsBytesAndNullForWhatWasNotMeasured() {
        JsonObject json = CellRecordJson.tree(onTheGpu());
        assertEquals(3215, json.get("wallMillis").getAsLong());
        JsonObject host = json.getAsJsonObject("host");
        assertEquals(12 * MIB, host.get("residentDeltaBytes").getAsLong());
        assertEquals(930 * MIB, host.get("residentPeakBytes").getAsLong());
        assertEquals(30 * MIB, host.get("residentPeakAboveStartBytes").getAsLong());
        assertTrue(host.get("residentPeakExact").getAsBoolean());
        JsonObject device = json.getAsJsonArray("devices").get(0).getAsJsonObject();
        assertEquals(512 * MIB, device.get("allocatedDeltaBytes").getAsLong());
        assertEquals(1024 * MIB, device.get("reservedDeltaBytes").getAsLong());
        assertEquals("allocated", device.get("peakOf").getAsString());
        assertEquals(55000 * MIB, device.get("freeAfterBytes").getAsLong());
        JsonObject x = json.getAsJsonArray("variables").get(2).getAsJsonObject();
        assertEquals("x", x.get("name").getAsString());
        assertEquals("assigned", x.get("how").getAsString());
        assertEquals(0, x.get("bytes").getAsLong());
        assertEquals(64 * MIB, x.get("bytesBefore").getAsLong());
        assertTrue(json.getAsJsonArray("variables").get(1).getAsJsonObject().get("keepsAutogradHistory").getAsBoolean());
        assertEquals("alice", json.getAsJsonArray("processes").get(0).getAsJsonObject().get("user").getAsString());
        assertTrue(json.get("gpuNotRead").isJsonNull());

        JsonObject cpu = CellRecordJson.tree(onTheHost());
        assertEquals("no NVIDIA driver found", cpu.get("gpuNotRead").getAsString());
        assertEquals(0, cpu.getAsJsonArray("devices").size());
        assertTrue(!cpu.getAsJsonObject("host").get("residentPeakExact").getAsBoolean());
    }

    static void assertKept(String html) {
        assertTrue(!html.contains("<svg") && !html.contains("style="), html);
        Matcher tag = Pattern.compile("<([a-z0-9]+)([^>]*)>").matcher(html);
        while (tag.find()) {
            String name = tag.group(1);
            assertTrue(HtmlReportTest.KEPT.containsKey(name), "<" + name + "> is stripped from an untrusted notebook");
            Matcher attribute = Pattern.compile("([a-z-]+)=\"").matcher(tag.group(2));
            while (attribute.find()) {
                String a = attribute.group(1);
                assertTrue(HtmlReportTest.KEPT.get(name).contains(a) || HtmlReportTest.GLOBAL_ATTRIBUTES.contains(a),
                        name + " loses its " + a + " in an untrusted notebook");
            }
        }
    }

    private static List<String> cells(String html) {
        List<String> cells = new java.util.ArrayList<>();
        Matcher m = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL).matcher(html);
        while (m.find()) {
            cells.add(m.group(1).replaceAll("<[^>]+>", "").replace("&nbsp;", " ").replace("&gt;", ">").strip());
        }
        return cells;
    }
}
