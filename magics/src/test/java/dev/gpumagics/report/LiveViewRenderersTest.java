package dev.gpumagics.report;

import static dev.gpumagics.look.RecordedProbes.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.look.RecordedProbes;
import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.watch.DeviceSample;
import dev.gpumagics.watch.GpuSample;
import dev.gpumagics.watch.HostSample;
import dev.gpumagics.watch.HostTotals;
import dev.gpumagics.watch.LiveFrame;
import dev.gpumagics.watch.MemorySample;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The live view's frames, from recorded samples: on an H100 with libtorch's counters, and on a host without a GPU. */
class LiveViewRenderersTest {

    private static final HostSample HOST_START = new HostSample(OptionalLong.of(900 * MIB), OptionalLong.of(900 * MIB), 0);
    private static final HostSample HOST_NOW = new HostSample(OptionalLong.of(964 * MIB), OptionalLong.of(990 * MIB), 64);

    static LiveFrame onTheGpu(boolean last) {
        DeviceSample device = new DeviceSample(DeviceMemory.of(DeviceId.gpu(0), RecordedProbes.UUID0, "NVIDIA H100 80GB HBM3")
                .withMemory(81559 * MIB, 26000 * MIB, 55559 * MIB), OptionalLong.of(2254 * MIB), 11876 * MIB,
                Optional.of(RecordedProbes.allocator(0, 1056, 1570)));
        MemorySample start = new MemorySample(0, HOST_START, new GpuSample(List.of(device), List.of(), Optional.empty(), false));
        MemorySample now = new MemorySample(12_000_000_000L, HOST_NOW, new GpuSample(List.of(device), List.of(), Optional.empty(), false));
        List<Long> allocated = List.of(544 * MIB, 800 * MIB, 2080 * MIB, 1056 * MIB, 1056 * MIB);
        return new LiveFrame(last ? 11 : 10, last, Duration.ofMillis(12_400), start, now,
                new LiveFrame.Series(LiveFrame.Measure.ALLOCATED, Optional.of(DeviceId.gpu(0)), allocated, 544 * MIB, 2080 * MIB), Optional.empty());
    }

    static LiveFrame onTheHost() {
        MemorySample start = new MemorySample(0, HOST_START, GpuSample.notRead("no NVIDIA driver found"));
        MemorySample now = new MemorySample(3_000_000_000L, HOST_NOW, GpuSample.notRead("no NVIDIA driver found"));
        return new LiveFrame(0, false, Duration.ofMillis(2000), start, now, new LiveFrame.Series(LiveFrame.Measure.HOST_RESIDENT, Optional.empty(),
                List.of(900 * MIB, 990 * MIB, 964 * MIB), 900 * MIB, 990 * MIB), Optional.of(new HostTotals(24_000 * MIB, 20_000 * MIB)));
    }

    @Test
    void theTextHasEveryFigureAndASparklineFromTheLowestSampleToThePeak() {
        String text = LiveViewText.render(onTheGpu(false));
        assertEquals("""
                gpuwatch live: 12.4 s into the cell
                  GPU 0 NVIDIA H100 80GB HBM3: allocated 1.03 GiB, reserved 1.53 GiB, this kernel 2.20 GiB, used 25.4 GiB of 79.6 GiB, free 54.3 GiB
                  host RSS 964 MiB (+64.0 MiB in the cell), JavaCPP 64 B
                  GPU 0 allocated over the cell, from 544 MiB to its peak 2.03 GiB: \u2581\u2582\u2588\u2583\u2583
                """, text);
        assertTrue(LiveViewText.render(onTheGpu(true)).startsWith("gpuwatch the cell's memory over its 12.4 s (the live view's last frame)\n"));
        String host = LiveViewText.render(onTheHost());
        assertTrue(host.contains("  host RSS 964 MiB (+64.0 MiB in the cell), JavaCPP 64 B; host available 19.5 GiB of 23.4 GiB\n"), host);
        assertTrue(host.contains("host RSS over the cell, from 900 MiB to its peak 990 MiB: \u2581\u2588\u2586"), host);
    }

    @Test
    void theHtmlIsTheReportsBarPerGpuAndTheSparklineAsPicturesAnUntrustedNotebookKeeps() {
        String html = LiveViewHtml.render(onTheGpu(false), "gpumagics-watch-1-2-3");
        CellRecordRenderersTest.assertKept(html);
        assertTrue(html.contains("<map name=\"gpumagics-live-gpumagics-watch-1-2-3-gpu0\">"), "the map is named after the display: " + html);
        List<String> images = all("<img class=\"([a-z-]+)\" src=\"", html);
        assertEquals(List.of("gpumagics-bar", "gpumagics-sparkline"), images);
        assertTrue(html.contains("alt=\"GPU 0 memory: this kernel: tensors 1.03 GiB, this kernel: cache 514 MiB"), html);

        String host = LiveViewHtml.render(onTheHost(), "h");
        CellRecordRenderersTest.assertKept(host);
        assertTrue(host.contains("alt=\"host memory: this kernel (resident set) 964 MiB, other used 2.96 GiB, available 19.5 GiB\""), host);
    }

    @Test
    void theSparklineFillsThePeaksColumnToTheTopAndTheLowestsOnlyAtTheBottom() {
        List<Long> values = List.of(100L, 300L, 200L);
        BufferedImage image = Pictures.decode(Sparkline.png(values, 100, 300));
        int scale = MemoryBar.SCALE;
        assertEquals(Sparkline.WIDTH * scale, image.getWidth());
        assertEquals(Sparkline.HEIGHT * scale, image.getHeight());
        int low = image.getWidth() / 6;
        int peak = image.getWidth() / 2;
        int middle = image.getWidth() * 5 / 6;
        int top = scale;
        int bottom = image.getHeight() - scale - 1;
        assertEquals(MemoryBar.FRAME, Pictures.rgb(image, 0, 0), "framed like the bar");
        assertEquals(Sparkline.COLOUR, Pictures.rgb(image, peak, top), "the peak reaches the top");
        assertEquals(Sparkline.COLOUR, Pictures.rgb(image, low, bottom), "the lowest sample is a line at the bottom");
        assertEquals(0xffffff, Pictures.rgb(image, low, bottom - 1));
        assertEquals(Sparkline.COLOUR, Pictures.rgb(image, middle, image.getHeight() / 2 + scale), "half way up, half filled");
        assertEquals(0xffffff, Pictures.rgb(image, middle, image.getHeight() / 2 - 2 * scale));
    }

    private static List<String> all(String regex, String text) {
        List<String> found = new java.util.ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
