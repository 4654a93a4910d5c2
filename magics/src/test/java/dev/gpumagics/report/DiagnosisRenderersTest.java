package dev.gpumagics.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpumagics.look.OtherProcess;
import dev.gpumagics.oom.AllocationFailure;
import dev.gpumagics.oom.AllocationFailures;
import dev.gpumagics.oom.Cause;
import dev.gpumagics.oom.Diagnosis;
import dev.gpumagics.oom.HeldElsewhere;
import dev.gpumagics.oom.Missing;
import dev.gpumagics.oom.Place;
import dev.gpumagics.probe.ProcessIdentity;
import dev.gpumagics.probe.value.DeviceId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The diagnosis's three renderings, on diagnoses built from recorded failures. */
class DiagnosisRenderersTest {

    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    private static AllocationFailure recorded(String name) throws IOException {
        try (InputStream in = DiagnosisRenderersTest.class.getResourceAsStream("/oom-messages/" + name)) {
            return AllocationFailures.inMessage(new String(in.readAllBytes(), StandardCharsets.UTF_8)).orElseThrow();
        }
    }

    private static Diagnosis onGpu() throws IOException {
        Place place = new Place(true, OptionalInt.of(0), Optional.of("NVIDIA H100 80GB HBM3"), OptionalLong.of(79 * GIB + 256 * MIB),
                OptionalLong.of(12 * MIB), Optional.of(DeviceId.gpu(0)));
        OtherProcess alice = new OtherProcess(new ProcessIdentity(52011, true, Optional.of("alice"), Optional.of("python train.py")),
                OptionalLong.of(62 * GIB));
        return new Diagnosis(AT, Optional.of(recorded("v2-one-other-process.txt")), place, List.of(
                new Cause.OthersHold(62 * GIB, List.of(alice), false),
                new Cause.VariablesHold(15 * GIB, List.of(new Cause.Holder("activations", "Tensor", 12 * GIB, List.of()),
                        new Cause.Holder("weights", "LinearImpl", 3 * GIB, List.of("optimizer"))), 7, OptionalLong.of(137 * MIB)),
                new Cause.AutogradHistory(List.of(new Cause.HistoryHolder("loss", 1, List.of("AddBackward0")))),
                new Cause.ContextAndLibraries(408 * MIB, false),
                new Cause.CacheHeld(206 * MIB, true, "PYTORCH_CUDA_ALLOC_CONF", false)),
                List.of(), Duration.ofMillis(9), Duration.ofMillis(14));
    }

    private static Diagnosis onHost() throws IOException {
        Place place = new Place(false, OptionalInt.empty(), Optional.empty(), OptionalLong.empty(), OptionalLong.of(20 * GIB), Optional.empty());
        return new Diagnosis(AT, Optional.of(recorded("cpu-libtorch-2.10-javacpp.txt")), place, List.of(
                new Cause.RequestTooLarge(1L << 45, 20 * GIB, false),
                new Cause.VariablesHold(768 * MIB, List.of(new Cause.Holder("big", "Tensor", 512 * MIB, List.of())), 1, OptionalLong.empty())),
                List.of(new Missing(Missing.Part.DEVICE_NOW, "no NVIDIA driver found")), Duration.ofMillis(2), Duration.ofMillis(5));
    }

    @Test
    void theTextSaysWhatWasAskedAgainstWhatWasFreeThenEachCauseWithWhatToType() throws IOException {
        String text = DiagnosisText.render(onGpu());
        String flat = text.replaceAll("\\s+", " "); // sentences are checked whole, wherever a line breaks them
        assertTrue(text.startsWith("CUDA out of memory on GPU 0 (NVIDIA H100 80GB HBM3): asked for 148 MiB, 11.2 MiB was free, 137 MiB short.\n"), text);
        assertTrue(text.contains("When it failed: this process used 16.5 GiB; libtorch held 16.1 GiB: 15.9 GiB in tensors, 206 MiB reserved"
                + " but unallocated."), text);
        assertTrue(text.contains("\n 1. Other processes hold 62.0 GiB of GPU 0;"), text);
        assertTrue(text.contains("pid 52011"), text);
        assertTrue(text.matches("(?s).*\\n      activations +Tensor +12\\.0 GiB   %gpufree activations\\n.*"), text);
        assertTrue(text.contains("%gpufree weights   (shared with optimizer)"), text);
        assertTrue(text.contains("and 5 more: %gpumem --vars lists them all"), text);
        assertTrue(flat.contains("enough to make the 137 MiB that was lacking"), text);
        assertTrue(flat.contains(" 3. loss (AddBackward0) keeps autograd history"), text);
        assertTrue(text.contains("\n    java -jar gpumagics.jar install --env PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True, then"),
                "a command is never broken across lines: " + text);
        assertTrue(flat.contains(" 4. 408 MiB of this kernel's share is the CUDA context"), text);
        assertTrue(flat.contains("%gpususpend parks it"), text);
        assertTrue(text.endsWith("(diagnosed in 14 ms, 9 of them scanning variables)\n"), text);
        assertTrue(text.lines().allMatch(l -> l.length() <= 130), text);
    }

    @Test
    void theHostTextComparesWithWhatIsAvailableAndNamesWhatIsNotKnown() throws IOException {
        String text = DiagnosisText.render(onHost());
        String flat = text.replaceAll("\\s+", " ");
        assertTrue(text.startsWith("Out of host memory: libtorch's CPU allocator was asked for 32.0 TiB.\n"), text);
        assertTrue(text.contains("Now: 20.0 GiB available on the host."), text);
        assertTrue(flat.contains("is more than this machine has available (20.0 GiB)"), text);
        assertTrue(text.contains("Not known: what the GPU holds now (no NVIDIA driver found)."), text);
    }

    @Test
    void theHtmlHasTheSameSentencesTablesAndCodeButNoStyles() throws IOException {
        String html = DiagnosisHtml.render(onGpu());
        assertTrue(html.startsWith("<div class=\"gpumagics-why\"><p><b>CUDA out of memory on GPU 0"), html);
        assertTrue(html.contains("<td><code>activations</code></td><td>Tensor</td><td>12.0 GiB</td><td><code>%gpufree activations</code></td>"), html);
        assertTrue(html.contains("<code>%gpususpend</code>"), html);
        assertTrue(html.contains("<code>java -jar gpumagics.jar install --env PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True</code>,"), html);
        assertTrue(html.contains("<td>52011</td><td>62.0 GiB</td><td>alice</td><td>python train.py</td>"), html);
        assertFalse(html.contains("style="), "the Classic Notebook strips inline styles from untrusted notebooks");
    }

    @Test
    void theJsonKeepsEveryKeyWithBytesAsIntegersAndUnknownsAsNull() throws IOException {
        JsonObject json = JsonParser.parseString(JsonReport.text(DiagnosisJson.tree(onHost()))).getAsJsonObject();
        JsonObject failure = json.getAsJsonObject("failure");
        assertEquals("cpuAllocator", failure.get("source").getAsString());
        assertEquals(1L << 45, failure.get("requestedBytes").getAsLong());
        assertTrue(failure.get("freeBytes").isJsonNull());
        assertTrue(failure.get("otherProcesses").isJsonNull());
        assertEquals("requestTooLarge", json.getAsJsonArray("causes").get(0).getAsJsonObject().get("kind").getAsString());
        JsonObject variables = json.getAsJsonArray("causes").get(1).getAsJsonObject();
        assertEquals("%gpufree big", variables.getAsJsonArray("largest").get(0).getAsJsonObject().get("freeCommand").getAsString());
        assertEquals(512 * MIB, variables.getAsJsonArray("largest").get(0).getAsJsonObject().get("bytes").getAsLong());
        assertEquals("deviceNow", json.getAsJsonArray("missing").get(0).getAsJsonObject().get("part").getAsString());
        assertEquals(5, json.get("tookMillis").getAsLong());
        JsonObject gpu = DiagnosisJson.tree(onGpu());
        assertEquals(2635308, gpu.getAsJsonObject("failure").getAsJsonArray("otherProcesses").get(0).getAsJsonObject().get("pid").getAsLong());
    }

    @Test
    void aDiagnosisWithoutAFailureOrCausesSaysSo() {
        Place host = new Place(false, OptionalInt.empty(), Optional.empty(), OptionalLong.empty(), OptionalLong.of(20 * GIB), Optional.empty());
        String text = DiagnosisText.render(new Diagnosis(AT, Optional.empty(), host, List.of(), List.of(), Duration.ZERO, Duration.ZERO));
        assertTrue(text.startsWith("No allocation failure seen in this kernel; what holds host memory now:\n"), text);
        assertTrue(text.contains("Nothing holds a notable share here."), text);
    }

    @Test
    void aMigInstanceIsNamedAsGpumemNamesItAndTheOtherDevicesThisKernelHoldsAreNamedToo() {
        Place instance = new Place(true, OptionalInt.of(0), Optional.of("NVIDIA A100-SXM4-80GB MIG 3g.40gb"), OptionalLong.of(40192 * MIB),
                OptionalLong.empty(), Optional.of(DeviceId.mig(0, 1)));
        Diagnosis d = new Diagnosis(AT, Optional.empty(), instance, List.of(), List.of(), Duration.ZERO, Duration.ZERO,
                List.of(new HeldElsewhere(DeviceId.gpu(3), OptionalLong.of(2 * GIB)), new HeldElsewhere(DeviceId.gpu(4), OptionalLong.empty())));
        String text = DiagnosisText.render(d);

        assertTrue(text.startsWith("No allocation failure seen in this kernel; what holds memory on GPU 0:1 (NVIDIA A100-SXM4-80GB MIG"
                + " 3g.40gb) now:\n"), text);
        assertTrue(text.contains("Now: GPU 0:1's free memory is N/A from the driver; a unified-memory device (GB10) uses the host's,"
                + " which %gpumem shows.\n"), text);
        assertTrue(text.contains("This kernel holds memory on GPU 3 (2.00 GiB), GPU 4 (N/A) too; this looks at GPU 0:1: %gpumem shows"
                + " them all.\n"), text);
        assertTrue(DiagnosisHtml.render(d).contains("this looks at GPU 0:1: <code>%gpumem</code> shows them all."), DiagnosisHtml.render(d));
        JsonObject json = DiagnosisJson.tree(d);
        assertEquals("0:1", json.getAsJsonObject("place").get("driverDevice").getAsString());
        assertEquals("3", json.getAsJsonArray("elsewhere").get(0).getAsJsonObject().get("device").getAsString());
        assertTrue(json.getAsJsonArray("elsewhere").get(1).getAsJsonObject().get("bytes").isJsonNull());
        assertTrue(json.getAsJsonObject("place").get("freeNowBytes").isJsonNull());
    }
}
