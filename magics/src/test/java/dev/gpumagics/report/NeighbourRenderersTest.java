package dev.gpumagics.report;

import static dev.gpumagics.look.RecordedProbes.AT;
import static dev.gpumagics.look.RecordedProbes.HOST;
import static dev.gpumagics.look.RecordedProbes.PID;
import static dev.gpumagics.look.RecordedProbes.UUID0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpumagics.idle.IdlePolicy;
import dev.gpumagics.look.MemoryReport;
import dev.gpumagics.look.RecordedProbes;
import dev.gpumagics.look.ReportAssembler;
import dev.gpumagics.look.ReportOptions;
import dev.gpumagics.neighbours.HeldOnGpu;
import dev.gpumagics.neighbours.KernelRecord;
import dev.gpumagics.neighbours.KernelState;
import dev.gpumagics.probe.value.Probed;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Another user's GpuMagics kernel in the report: one more line under its process's row, and its record in the JSON. */
class NeighbourRenderersTest {

    private static final long GIB = 1L << 30;

    /** alice's pid 52011 in the recorded snapshot is a GpuMagics kernel, idle since 3 h 12 min before the report. */
    static KernelRecord alicesKernel(KernelState state) {
        return KernelRecord.builder(52011, "boot-9000", "GpuMagics").kernelId("7f3a").notebook("train.ipynb")
                .startedAt(AT.minus(Duration.ofHours(5))).lastActivity(AT.minus(Duration.ofMinutes(192))).state(state)
                .idlePolicy(new IdlePolicy(Optional.of(Duration.ofMinutes(10)), Optional.of(Duration.ofHours(2))))
                .devices(List.of(new HeldOnGpu("0", UUID0, OptionalLong.of(11876L << 20), OptionalLong.of(3 * GIB), OptionalLong.of(8 * GIB))))
                .updatedAt(AT.minusSeconds(20)).build();
    }

    private static MemoryReport report(KernelRecord record) {
        return ReportAssembler.assemble(AT, PID, Probed.present(RecordedProbes.twoH100s()), Probed.present(RecordedProbes.cudaSwapped()),
                Probed.present(List.of(RecordedProbes.allocator(1, 544, 546))), HOST, RecordedProbes::identity,
                pid -> pid == 52011 ? Optional.of(record) : Optional.empty(), ReportOptions.ALL);
    }

    @Test
    void theTextNamesTheNotebookHowLongItHasBeenIdleAndTheCacheItCouldRelease() {
        String text = TextReport.render(report(alicesKernel(KernelState.IDLE)));

        assertTrue(text.contains("    pid 52011      11.6 GiB   alice      python train.py --epochs 3\n"
                + "      GpuMagics kernel, notebook train.ipynb: idle for 3 h 12 min; 8.00 GiB of it is libtorch's cache, which it could release\n"), text);
        assertTrue(text.contains("    pid 60000           N/A   (not visible from here: another container or pid namespace)\n  hint: "),
                "a process without a record gets no line: " + text);
    }

    @Test
    void parkedBusyAndAnAddOnsUnknownStateEachSaySoInWords() {
        KernelRecord idle = alicesKernel(KernelState.IDLE);
        assertEquals("parked, idle for 3 h 12 min", NeighbourWords.activity(idle.toBuilder().state(KernelState.PARKED).build(), AT));
        assertEquals("running a cell for 3 h 12 min", NeighbourWords.activity(idle.toBuilder().state(KernelState.BUSY).build(), AT));
        KernelRecord ijava = KernelRecord.builder(52011, "boot-9000", "IJava").lastActivity(AT.minusSeconds(300)).state(KernelState.UNKNOWN).build();
        assertEquals("last code 5 min 00 s ago (IJava does not say whether a cell is running)", NeighbourWords.activity(ijava, AT));
        assertEquals("none (IJava cannot have one)", NeighbourWords.policy(ijava));
        assertEquals("release 10m, suspend 2h", NeighbourWords.policy(idle));
        var gpu0 = RecordedProbes.twoH100s().devices().get(0);
        assertTrue(NeighbourWords.line(ijava, AT, gpu0).startsWith("IJava kernel, notebook not shown: last code"), NeighbourWords.line(ijava, AT, gpu0));
    }

    @Test
    void theJsonCarriesTheRecordWithBytesAsIntegersAndTheIdleTimeCountedToTheReport() {
        JsonObject json = JsonParser.parseString(JsonReport.render(report(alicesKernel(KernelState.IDLE)))).getAsJsonObject();
        JsonObject alice = json.getAsJsonArray("devices").get(0).getAsJsonObject().getAsJsonArray("otherProcesses").get(0).getAsJsonObject();
        JsonObject kernel = alice.getAsJsonObject("gpumagicsKernel");

        assertEquals("train.ipynb", kernel.get("notebook").getAsString());
        assertEquals("idle", kernel.get("state").getAsString());
        assertEquals(192 * 60, kernel.get("sinceLastActivitySeconds").getAsLong());
        assertEquals(600, kernel.getAsJsonObject("idlePolicy").get("releaseAfterSeconds").getAsLong());
        JsonObject device = kernel.getAsJsonArray("devices").get(0).getAsJsonObject();
        assertEquals(8 * GIB, device.get("cacheBytes").getAsLong());
        assertEquals((11876L << 20) - 11 * GIB, device.get("contextBytes").getAsLong());
        assertTrue(json.getAsJsonArray("devices").get(0).getAsJsonObject().getAsJsonArray("otherProcesses").get(1).getAsJsonObject()
                .get("gpumagicsKernel").isJsonNull());
    }

    @Test
    void theHtmlPutsTheSameWordsUnderTheCommandEscaped() {
        KernelRecord odd = alicesKernel(KernelState.IDLE).toBuilder().notebook("<b>x</b>.ipynb").build();
        String html = HtmlReport.render(report(odd));
        assertTrue(html.contains("<br>GpuMagics kernel, notebook &lt;b&gt;x&lt;/b&gt;.ipynb: idle for 3 h 12 min"), html);
    }
}
