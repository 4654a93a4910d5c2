package dev.gpumagics.report;

import static dev.gpumagics.look.RecordedProbes.AT;
import static dev.gpumagics.look.RecordedProbes.HOST;
import static dev.gpumagics.look.RecordedProbes.PID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpumagics.look.MemoryReport;
import dev.gpumagics.look.NoSuchDeviceException;
import dev.gpumagics.look.RecordedProbes;
import dev.gpumagics.look.ReportAssembler;
import dev.gpumagics.look.ReportOptions;
import dev.gpumagics.probe.NvidiaSmiProbe;
import dev.gpumagics.probe.RecordedNvidiaSmi;
import dev.gpumagics.probe.value.AllocatorStats;
import dev.gpumagics.probe.value.CudaDevice;
import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.Probed;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of recorded servers, read by the nvidia-smi probe from a stand-in that prints their output: eight GPUs of
 * which one answers [N/A] for its memory, idle and busy; a MIG server; a unified-memory GB10. Every device is shown, a
 * missing value reads N/A in words and null in JSON, and many devices are one line each.
 */
class ManyDevicesReportTest {

    @TempDir
    Path dir;

    private GpuSnapshot recorded(String name) {
        return new NvidiaSmiProbe(Optional.of(RecordedNvidiaSmi.install(dir.resolve(name), name))).snapshot().asOptional().orElseThrow();
    }

    private MemoryReport report(String name, ReportOptions options) {
        return ReportAssembler.assemble(AT, PID, Probed.present(recorded(name)), Probed.unavailable("no CUDA here", ""),
                Probed.unavailable("libtorch is not loaded in this process", ""), HOST, RecordedProbes::identity, options);
    }

    @Test
    void eightIdleGpusAreOneLineEachAndTheOneWithoutMemoryFiguresSaysWhy() {
        String text = TextReport.render(report("eight", ReportOptions.ALL));
        List<String> lines = text.lines().toList();

        assertTrue(lines.size() <= 12, lines.size() + " lines:\n" + text);
        for (int gpu = 0; gpu < 8; gpu++) {
            String row = lines.get(2 + gpu);
            assertTrue(row.startsWith(gpu + "      NVIDIA H100 80GB HBM3"), row);
            assertTrue(row.endsWith("0%"), "utilization: " + row);
        }
        assertTrue(lines.get(2).contains("0 B / 79.6 GiB"), lines.get(2));
        assertTrue(lines.get(7).contains("N/A / N/A"), "GPU 5 answers [N/A]: " + lines.get(7));
        assertTrue(text.contains("GPU 5: memory N/A: the driver gives no figure for this device's memory."), text);
        assertFalse(text.contains("install the NVIDIA driver") || text.contains("no NVIDIA driver"), text);
        assertFalse(text.contains("\n  this kernel "), "no device is in use: no full breakdown");
    }

    @Test
    void onlyTheDevicesInUseGetTheFullBreakdown() {
        String text = TextReport.render(report("eight-busy", ReportOptions.ALL));

        assertTrue(text.contains("\nGPU 2: NVIDIA H100 80GB HBM3   used 12.1 GiB of 79.6 GiB, free 67.5 GiB, utilization 41%\n"), text);
        assertTrue(text.contains("\nGPU 6: NVIDIA H100 80GB HBM3   used 40.5 GiB of 79.6 GiB, free 39.1 GiB, utilization 97%\n"), text);
        assertEquals(2, text.lines().filter(l -> l.startsWith("  other processes")).count(), text);
        assertTrue(text.contains("\n6      NVIDIA H100 80GB HBM3        40.5 GiB / 79.6 GiB      -            40.0 GiB (2)   97%\n"), text);
        assertTrue(text.contains("    pid 60413           N/A   "), "the row without a figure is kept: " + text);
    }

    @Test
    void oneDeviceAskedForIsShownInFull() {
        String text = TextReport.render(report("eight", new ReportOptions(Optional.of(DeviceId.gpu(3)), true)));
        assertTrue(text.contains("GPU 3: NVIDIA H100 80GB HBM3   used 0 B of 79.6 GiB, free 79.6 GiB, utilization 0%\n"), text);
        assertTrue(text.contains("  this kernel                      0 B (no CUDA context here)\n"), text);
        assertFalse(text.contains("GPU 4"), text);
    }

    @Test
    void migInstancesAreDevicesOfTheirOwnEndToEnd() {
        MemoryReport all = report("mig", ReportOptions.ALL);
        String text = TextReport.render(all);
        assertTrue(text.contains("\n0:0    MIG 3g.40gb                  9.58 GiB / 39.3 GiB      -            N/A (1)        N/A\n"), text);
        assertTrue(text.contains("\nGPU 0:1: NVIDIA A100-SXM4-80GB MIG 3g.40gb   used 1.94 GiB of 39.3 GiB, free 37.3 GiB, utilization N/A\n"),
                text);

        MemoryReport one = report("mig", new ReportOptions(Optional.of(DeviceId.mig(0, 1)), true));
        assertEquals(List.of(DeviceId.mig(0, 1)), one.devices().stream().map(d -> d.device().id()).toList());
        MemoryReport gpu = report("mig", new ReportOptions(Optional.of(DeviceId.gpu(0)), true));
        assertEquals(List.of(DeviceId.gpu(0), DeviceId.mig(0, 0), DeviceId.mig(0, 1)),
                gpu.devices().stream().map(d -> d.device().id()).toList(), "a GPU with its instances");
        String asked = TextReport.render(gpu);
        assertTrue(asked.startsWith("GPU memory at ") && asked.lines().skip(1).findFirst().orElseThrow().startsWith("GPU 0: NVIDIA A100"),
                "one device asked for is shown in full, its instances with it: " + asked);
        assertTrue(asked.contains("\nGPU 0:0: NVIDIA A100-SXM4-80GB MIG 3g.40gb   used 9.58 GiB"), asked);
        NoSuchDeviceException none = assertThrows(NoSuchDeviceException.class,
                () -> report("mig", new ReportOptions(Optional.of(DeviceId.mig(1, 0)), true)));
        assertEquals("no GPU 1:0: this machine has GPUs 0 to 1 and MIG instances 0:0, 0:1", none.getMessage());

        JsonArray devices = JsonParser.parseString(JsonReport.render(all)).getAsJsonObject().getAsJsonArray("devices");
        JsonObject instance = devices.get(2).getAsJsonObject();
        assertEquals("0:1", instance.get("id").getAsString());
        assertEquals(0, instance.get("index").getAsInt());
        assertEquals(1, instance.get("migIndex").getAsInt());
        assertTrue(instance.get("utilizationPercent").isJsonNull());
        assertTrue(instance.get("otherProcessesBytes").isJsonNull(), "one row, without a figure: unknown, not 0");
        assertEquals(1, instance.get("otherProcessesCount").getAsInt());
        assertTrue(devices.get(0).getAsJsonObject().get("migIndex").isJsonNull());
    }

    @Test
    void aUnifiedMemoryDeviceSaysWhatItsMissingMemoryMeansAndFallsBackToLibtorchsCount() {
        GpuSnapshot gb10 = recorded("gb10");
        String uuid = gb10.devices().get(0).uuid().orElseThrow();
        // libtorch's CUDA runs here, and the driver gives this kernel no row: its share is libtorch's count
        MemoryReport report = ReportAssembler.assemble(AT, PID, Probed.present(gb10), Probed.present(List.of(new CudaDevice(0, uuid, true))),
                Probed.present(List.<AllocatorStats>of(RecordedProbes.allocator(0, 1536, 2048))), HOST, RecordedProbes::identity,
                ReportOptions.ALL);
        String text = TextReport.render(report);

        assertTrue(text.contains("GPU 0: NVIDIA GB10   used N/A of N/A, free N/A, utilization 3%\n"), text);
        assertTrue(text.contains("  this kernel                      N/A from the driver; libtorch's allocator holds 2.00 GiB\n"), text);
        assertTrue(text.contains("    tensors (allocated)            1.50 GiB"), text);
        assertTrue(text.contains("  hint: memory N/A: the driver gives no figure for this device's memory. A unified-memory device"
                + " (DGX Spark's GB10) uses the host's: tensors can still get what the host has available (19.5 GiB); this kernel's"
                + " share there is libtorch's count (2.00 GiB reserved).\n"), text);
        assertFalse(text.contains("install the NVIDIA driver"), text);

        String html = HtmlReport.render(report);
        HtmlReportTest.keptTags(html);
        assertFalse(html.contains("class=\"gpumagics-bar\""), "no bar in proportion to a size nobody gave");
        assertTrue(HtmlReportTest.rows(html, "gpumagics-legend").contains(List.of("", "free", "N/A", "")), html);

        JsonObject device = JsonParser.parseString(JsonReport.render(report)).getAsJsonObject().getAsJsonArray("devices")
                .get(0).getAsJsonObject();
        for (String absent : List.of("totalBytes", "usedBytes", "freeBytes", "otherUsedBytes")) {
            assertTrue(device.get(absent).isJsonNull(), absent + " in " + device);
        }
        assertEquals(3, device.get("utilizationPercent").getAsInt());
        assertTrue(device.getAsJsonObject("kernel").get("processBytes").isJsonNull());
        assertEquals(1536L << 20, device.getAsJsonObject("kernel").get("tensorsBytes").getAsLong());
    }

    @Test
    void theHtmlOfManyDevicesIsAGridOfSmallBarsThenTheDevicesInUse() {
        String html = HtmlReport.render(report("eight-busy", ReportOptions.ALL));
        HtmlReportTest.keptTags(html);

        String grid = HtmlReportTest.all("<table class=\"gpumagics-grid\" cellpadding=\"4\">(.*?)</table>", html).get(0);
        List<String> rows = HtmlReportTest.all("<tr>(.*?)</tr>", grid);
        assertEquals(2, rows.size(), "eight devices, four to a row");
        assertEquals(4, HtmlReportTest.all("<td (valign)", rows.get(0)).size());
        assertEquals(7, HtmlReportTest.all("<img class=\"gpumagics-bar\" [^>]*width=\"(" + MemoryBar.SMALL_WIDTH + ")\"", grid).size(),
                "a small bar for each device with memory figures");
        assertTrue(grid.contains("<b>GPU 5</b></div><div align=\"left\">NVIDIA&nbsp;H100&nbsp;80GB&nbsp;HBM3</div>"
                + "<div align=\"left\">memory N/A from the driver</div>"), "GPU 5");
        assertTrue(grid.contains("this kernel none, others 40.0&nbsp;GiB&nbsp;(2)</div>"), "GPU 6");
        assertEquals(List.of("GPU 2: NVIDIA H100 80GB HBM3", "GPU 6: NVIDIA H100 80GB HBM3"), HtmlReportTest.all("<h4>(.*?)</h4>", html),
                "the full breakdown only where memory is held");
        assertTrue(html.contains("<p>GPU 5: memory N/A: the driver gives no figure"), html);
    }
}
