package dev.gpumagics.report;

import static dev.gpumagics.look.RecordedProbes.AT;
import static dev.gpumagics.look.RecordedProbes.HOST;
import static dev.gpumagics.look.RecordedProbes.MIB;
import static dev.gpumagics.look.RecordedProbes.PID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpumagics.look.MemoryReport;
import dev.gpumagics.look.RecordedProbes;
import dev.gpumagics.look.ReportAssembler;
import dev.gpumagics.look.ReportOptions;
import dev.gpumagics.probe.value.Probed;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderersTest {

    private static MemoryReport report() {
        return ReportAssembler.assemble(AT, PID, Probed.present(RecordedProbes.twoH100s()), Probed.present(RecordedProbes.cudaSwapped()),
                Probed.present(List.of(RecordedProbes.allocator(1, 544, 546))), HOST, RecordedProbes::identity, ReportOptions.ALL);
    }

    private static MemoryReport noDriver() {
        return ReportAssembler.assemble(AT, PID, Probed.unavailable("no NVIDIA driver found (libnvidia-ml.so.1 is not on the library path)", ""),
                Probed.unavailable("x", ""), Probed.unavailable("y", ""), HOST, RecordedProbes::identity, ReportOptions.ALL);
    }

    @Test
    void textShowsEachPartAligned() {
        String text = TextReport.render(report());
        assertTrue(text.startsWith("GPU memory at 2026-11-27 06:30:00 UTC, pid 4242 (NVML, driver 580.159.04)\n"), text);
        assertTrue(text.contains("GPU 0: NVIDIA H100 80GB HBM3 (cuda:1 here)   used 12.8 GiB of 79.6 GiB, free 66.8 GiB, utilization 37%\n"), text);
        assertTrue(text.contains("  this kernel                      1.20 GiB\n"), text);
        assertTrue(text.contains("    tensors (allocated)            544 MiB   peak 1.07 GiB\n"), text);
        assertTrue(text.contains("    cache (reserved, unallocated)  2.00 MiB\n"), text);
        assertTrue(text.contains("    context and libraries          684 MiB\n"), text);
        assertTrue(text.contains("pid 52011      11.6 GiB   alice      python train.py --epochs 3\n"), text);
        assertTrue(text.contains("pid 60000           N/A   (not visible from here"), text);
        assertTrue(text.contains("GPU 1: NVIDIA H100 80GB HBM3"), text);
        assertTrue(text.contains("  this kernel                      0 B (no CUDA context here)\n"), text);
        assertTrue(text.endsWith("Host: JVM heap 100 MiB of 4.00 GiB, JavaCPP native 0 B, process RSS 900 MiB, host available 19.5 GiB\n"), text);
    }

    @Test
    void textWithoutDriverIsTheLineAndTheHost() {
        List<String> lines = TextReport.render(noDriver()).lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        assertEquals("no NVIDIA driver found (libnvidia-ml.so.1 is not on the library path)", lines.get(1));
        assertTrue(lines.get(2).startsWith("Host: JVM heap"));
    }

    @Test
    void jsonCarriesBytesAndNullsForTheUnknown() {
        JsonObject json = JsonParser.parseString(JsonReport.render(report())).getAsJsonObject();
        assertEquals(4242, json.get("pid").getAsLong());
        assertEquals("NVML", json.getAsJsonObject("gpu").get("source").getAsString());
        JsonObject device = json.getAsJsonArray("devices").get(0).getAsJsonObject();
        JsonObject kernel = device.getAsJsonObject("kernel");
        assertEquals(544 * MIB, kernel.get("tensorsBytes").getAsLong());
        assertEquals(2 * MIB, kernel.get("cacheBytes").getAsLong());
        assertEquals(684 * MIB, kernel.get("contextAndLibrariesBytes").getAsLong());
        assertEquals(546 * MIB, kernel.getAsJsonObject("allocator").getAsJsonObject("reserved").getAsJsonObject("all").get("currentBytes").getAsLong());
        assertTrue(device.getAsJsonArray("otherProcesses").get(1).getAsJsonObject().get("usedBytes").isJsonNull());
        JsonObject second = json.getAsJsonArray("devices").get(1).getAsJsonObject().getAsJsonObject("kernel");
        assertTrue(second.get("processBytes").isJsonNull());
        assertTrue(second.get("allocator").isJsonNull());
    }

    @Test
    void jsonWithoutDriverSaysWhy() {
        JsonObject json = JsonParser.parseString(JsonReport.render(noDriver())).getAsJsonObject();
        assertTrue(json.getAsJsonObject("gpu").get("unavailable").getAsString().startsWith("no NVIDIA driver found"));
        assertEquals(0, json.getAsJsonArray("devices").size());
        assertEquals(900 * MIB, json.getAsJsonObject("host").get("residentBytes").getAsLong());
    }

    @Test
    void jsonTextIsNotHtmlEscaped() {
        String json = JsonReport.render(report());
        assertTrue(json.contains("684 MiB is the CUDA context and libraries' workspaces"), json);
        assertTrue(!json.contains("\\u0027") && !json.contains("\\u003c"), json);
    }

    @Test
    void jsonSaysNothingOfAContextSplitThatWasNotMeasured() {
        MemoryReport noAllocator = ReportAssembler.assemble(AT, PID, Probed.present(RecordedProbes.twoH100s()),
                Probed.present(RecordedProbes.cudaSwapped()), Probed.unavailable("CUDA cannot be asked here", ""), HOST,
                RecordedProbes::identity, new ReportOptions(java.util.Optional.empty(), false));
        JsonObject device = JsonParser.parseString(JsonReport.render(noAllocator)).getAsJsonObject()
                .getAsJsonArray("devices").get(0).getAsJsonObject();
        assertEquals(1230 * MIB, device.getAsJsonObject("kernel").get("processBytes").getAsLong());
        assertTrue(device.getAsJsonObject("kernel").get("contextAndLibrariesBytes").isJsonNull());
        assertEquals(11876 * MIB, device.get("otherProcessesBytes").getAsLong(), "--no-procs keeps the others' total");
        assertEquals(2, device.get("otherProcessesCount").getAsInt());
        assertTrue(!device.has("otherProcesses"), "but not their rows");
    }

    @Test
    void textWithoutTheProcessListKeepsTheOthersSubtotalAndClaimsNoContext() {
        MemoryReport noProcs = ReportAssembler.assemble(AT, PID, Probed.present(RecordedProbes.twoH100s()),
                Probed.present(RecordedProbes.cudaSwapped()), Probed.unavailable("CUDA cannot be asked here", ""), HOST,
                RecordedProbes::identity, new ReportOptions(java.util.Optional.of(dev.gpumagics.probe.value.DeviceId.gpu(0)), false));
        String text = TextReport.render(noProcs);
        assertTrue(text.contains("  other processes                  11.6 GiB   2 processes, not listed (--no-procs)\n"), text);
        assertTrue(!text.contains("pid 52011"), text);
        assertTrue(text.contains("    no tensor/cache split: CUDA cannot be asked here\n"), text);
        assertTrue(!text.contains("is the CUDA context"), "not measured, so not said: " + text);
    }
}
