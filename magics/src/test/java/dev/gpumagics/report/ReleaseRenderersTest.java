package dev.gpumagics.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.release.FreeOutcome;
import dev.gpumagics.release.FreeRequest;
import dev.gpumagics.release.GcOutcome;
import dev.gpumagics.release.MemoryLevel;
import dev.gpumagics.release.StillHeld;
import dev.gpumagics.release.VariableOutcome;
import dev.gpumagics.vars.HeldStorage;
import dev.gpumagics.vars.Holdings;
import dev.gpumagics.vars.VariableHolding;
import dev.gpumagics.vars.WalkStop;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The variables table and the free report, rendered from recorded values. */
class ReleaseRenderersTest {

    static final long MiB = 1024 * 1024;

    @Test
    void variablesTableShowsAloneSharedAndTheNotes() {
        Holdings h = new Holdings(List.of(
                new VariableHolding("x", "Tensor", List.of("cuda:0"), List.of("float32"), List.of(1024L, 1024L), 1, 4 * MiB, 0, List.of(), false, Set.of()),
                new VariableHolding("model", "LinearImpl", List.of("cuda:0"), List.of("float32"), null, 2, 0, 64 * MiB, List.of("adam"), false, Set.of()),
                new VariableHolding("adam", "Adam", List.of("cuda:0"), List.of("float32"), null, 2, 0, 64 * MiB, List.of("model"), true, Set.of()),
                new VariableHolding("n", "int", List.of(), List.of(), null, 0, 0, 0, List.of(), false, Set.of())),
                Map.of(1L, new HeldStorage(1, 4 * MiB, "cuda:0", true, List.of("x")),
                        2L, new HeldStorage(2, 64 * MiB, "cuda:0", true, List.of("model", "adam"))),
                Map.of(), Duration.ofMillis(3));

        String text = VariablesReport.text(h);
        assertEquals("""
                3 of 4 variables hold tensors: 68.0 MiB in 2 storages, 68.0 MiB of it on a GPU (scanned in 3 ms).
                  variable  type        device  dtype    shape                alone    shared  shared with
                  x         Tensor      cuda:0  float32  [1024, 1024]      4.00 MiB
                  model     LinearImpl  cuda:0  float32  2 tensors              0 B  64.0 MiB  adam
                  adam      Adam        cuda:0  float32  2 tensors +state       0 B  64.0 MiB  model
                  +state: an optimizer's state (Adam: two moments per parameter) is not visible through the JavaCPP API and is not counted; %gpufree gives it back with the optimizer.
                """, text);
        assertTrue(VariablesReport.html(h).contains("<td><div align=\"left\"><code>model</code></div></td>"));
    }

    @Test
    void variablesAsJsonCarryWhatTheTableShowsInBytesAndNulls() {
        Holdings h = new Holdings(List.of(
                new VariableHolding("x", "Tensor", List.of("cuda:0"), List.of("float32"), List.of(1024L, 1024L), 1, 4 * MiB, 0, List.of(), false, Set.of()),
                new VariableHolding("adam", "Adam", List.of("cuda:0"), List.of("float32"), null, 2, 0, 64 * MiB, List.of("model"), true, Set.of(WalkStop.DEPTH_LIMIT)),
                new VariableHolding("n", "int", List.of(), List.of(), null, 0, 0, 0, List.of(), false, Set.of())),
                Map.of(1L, new HeldStorage(1, 4 * MiB, "cuda:0", true, List.of("x")),
                        2L, new HeldStorage(2, 64 * MiB, "cuda:1", true, List.of("model", "adam"))),
                Map.of(), Duration.ofMillis(3));
        assertEquals("{\"variableCount\":3,\"holdingCount\":2,\"storageCount\":2,\"totalBytes\":71303168,\"gpuBytes\":71303168,"
                + "\"scanMillis\":3,\"rows\":["
                + "{\"name\":\"x\",\"type\":\"Tensor\",\"devices\":[\"cuda:0\"],\"dtypes\":[\"float32\"],\"shape\":[1024,1024],"
                + "\"storageCount\":1,\"aloneBytes\":4194304,\"sharedBytes\":0,\"sharedWith\":[],\"optimizerStateUncounted\":false,"
                + "\"truncated\":false,\"truncatedBy\":[],"
                + "\"keepsAutogradHistory\":false,\"autogradHistoryBytes\":0,\"gradFunctions\":[]},"
                + "{\"name\":\"adam\",\"type\":\"Adam\",\"devices\":[\"cuda:0\"],\"dtypes\":[\"float32\"],\"shape\":null,"
                + "\"storageCount\":2,\"aloneBytes\":0,\"sharedBytes\":67108864,\"sharedWith\":[\"model\"],\"optimizerStateUncounted\":true,"
                + "\"truncated\":true,\"truncatedBy\":[\"depthLimit\"],"
                + "\"keepsAutogradHistory\":false,\"autogradHistoryBytes\":0,\"gradFunctions\":[]}]}",
                new com.google.gson.GsonBuilder().serializeNulls().create().toJson(VariablesReport.json(h)));
    }

    @Test
    void oneVariableAndOneStorageAreSingular() {
        VariableHolding x = new VariableHolding("x", "Tensor", List.of("cpu"), List.of("float32"), List.of(4L), 1, 16, 0, List.of(), false, Set.of());
        Holdings one = new Holdings(List.of(x), Map.of(1L, new HeldStorage(1, 16, "cpu", false, List.of("x"))), Map.of(), Duration.ofMillis(2));
        assertTrue(VariablesReport.text(one).startsWith("1 of 1 variable holds tensors: 16 B in 1 storage, 0 B of it on a GPU (scanned in 2 ms)."),
                VariablesReport.text(one));
        VariableHolding n = new VariableHolding("n", "int", List.of(), List.of(), null, 0, 0, 0, List.of(), false, Set.of());
        assertEquals("No variable holds a tensor (1 variable scanned in 2 ms).\n",
                VariablesReport.text(new Holdings(List.of(n), Map.of(), Map.of(), Duration.ofMillis(2))));
    }

    @Test
    void aWalkThatStoppedEarlyIsNamedEvenWhereItFoundNoTensor() {
        VariableHolding x = new VariableHolding("x", "Tensor", List.of("cpu"), List.of("float32"), List.of(4L), 1, 16, 0, List.of(), false, Set.of(WalkStop.DEPTH_LIMIT));
        VariableHolding bad = new VariableHolding("bad", "Bad", List.of(), List.of(), null, 0, 0, 0, List.of(), false, Set.of(WalkStop.DEPTH_LIMIT));
        String text = VariablesReport.text(new Holdings(List.of(x, bad),
                Map.of(1L, new HeldStorage(1, 16, "cpu", false, List.of("x"))), Map.of(), Duration.ofMillis(2)));
        assertTrue(text.endsWith("""
                  *: the walk stopped early (its depth or object limit, or a collection whose elements could not be read); \
                the variable may hold more. Found no tensor, but stopped early too: bad
                """), text);
        assertTrue(text.contains("[4] *"), text);
    }

    @Test
    void freeReportSaysWhatCameBackAndWhatStaysAndWhy() {
        FreeOutcome.Done done = new FreeOutcome.Done(FreeRequest.everything().keeping("view"),
                List.of(new VariableOutcome("x", VariableOutcome.Action.FREED, 64 * MiB, 0),
                        new VariableOutcome("base", VariableOutcome.Action.FREED, 0, 32 * MiB)),
                64 * MiB,
                List.of(new StillHeld("base", 32 * MiB, StillHeld.Reason.SHARED_WITH_KEPT, List.of("view"))),
                new MemoryLevel(OptionalLong.of(1024 * MiB), List.of(new MemoryLevel.DeviceLevel(0, 96 * MiB, 128 * MiB))),
                new MemoryLevel(OptionalLong.of(1000 * MiB), List.of(new MemoryLevel.DeviceLevel(0, 32 * MiB, 32 * MiB))),
                Duration.ofMillis(40));

        assertEquals("""
                gpufree: reclaimed 64.0 MiB from 2 variables (40 ms)
                  x     freed, now null   64.0 MiB
                  base  freed, now null        0 B   (32.0 MiB still held)
                still held 32.0 MiB:
                  base    32.0 MiB  shared with kept variable view
                cuda:0 allocated 96.0 MiB -> 32.0 MiB (-64.0 MiB), reserved 128 MiB -> 32.0 MiB (-96.0 MiB); host RSS 1.00 GiB -> 1000 MiB (-24.0 MiB)
                host RSS is the whole process, not its tensors: the garbage collection and heap trim after a free give back Java heap too, and GPU memory is not part of it
                """, ReleaseReport.text(done));
        assertTrue(ReleaseReport.html(done).startsWith("<div class=\"gpumagics-free\"><p><b>gpufree: reclaimed 64.0 MiB"));
    }

    @Test
    void everyDeviceWithAContextGetsItsOwnBeforeAndAfter() {
        GcOutcome gc = new GcOutcome(
                new MemoryLevel(OptionalLong.of(900 * MiB), List.of(new MemoryLevel.DeviceLevel(0, 512 * MiB, 1024 * MiB),
                        new MemoryLevel.DeviceLevel(3, 2048 * MiB, 4096 * MiB))),
                new MemoryLevel(OptionalLong.of(900 * MiB), List.of(new MemoryLevel.DeviceLevel(0, 512 * MiB, 512 * MiB),
                        new MemoryLevel.DeviceLevel(3, 2048 * MiB, 2048 * MiB), new MemoryLevel.DeviceLevel(5, 0, 2 * MiB))),
                true, Duration.ofMillis(70));

        assertEquals("gpugc: cuda:0 allocated 512 MiB -> 512 MiB (-0 B), reserved 1.00 GiB -> 512 MiB (-512 MiB);"
                + " cuda:3 allocated 2.00 GiB -> 2.00 GiB (-0 B), reserved 4.00 GiB -> 2.00 GiB (-2.00 GiB);"
                + " cuda:5 allocated N/A -> 0 B, reserved N/A -> 2.00 MiB;"
                + " host RSS 900 MiB -> 900 MiB (-0 B); CUDA cache and cuBLAS workspaces released (70 ms)\n", ReleaseReport.text(gc),
                "a device whose context came during the collection has no before");
    }

    @Test
    void aVariableHoldingOnlyJavaHeapIsSaidToAndHowToFreeIt() {
        FreeOutcome.Done done = new FreeOutcome.Done(FreeRequest.of("hog"),
                List.of(new VariableOutcome("hog", VariableOutcome.Action.HEAP_ONLY, 0, 160_000_000)),
                0, List.of(new StillHeld("hog", 160_000_000, StillHeld.Reason.JAVA_HEAP, List.of())),
                MemoryLevel.host(OptionalLong.of(440 * MiB)),
                MemoryLevel.host(OptionalLong.of(440 * MiB)),
                Duration.ofMillis(26));

        assertEquals("""
                gpufree: reclaimed 0 B from 0 variables (26 ms)
                  hog  Java heap only        0 B   (153 MiB still held)
                still held 153 MiB:
                  hog     153 MiB  Java heap in arrays, not a tensor: hog = null frees it, if nothing else refers to them
                host RSS 440 MiB -> 440 MiB (-0 B)
                """, ReleaseReport.text(done));
    }

    @Test
    void aWalkThatStoppedEarlyIsNeverReportedAsHoldingNoTensor() {
        FreeOutcome.Done done = new FreeOutcome.Done(FreeRequest.of("cfg", "batch"),
                List.of(new VariableOutcome("cfg", VariableOutcome.Action.NOTHING_FOUND, 0, 0,
                                Set.of(WalkStop.DEPTH_LIMIT, WalkStop.UNREADABLE_COLLECTION)),
                        new VariableOutcome("batch", VariableOutcome.Action.FREED, 4 * MiB, 0, Set.of(WalkStop.OBJECT_LIMIT))),
                4 * MiB, List.of(),
                MemoryLevel.host(OptionalLong.of(512 * MiB)),
                MemoryLevel.host(OptionalLong.of(508 * MiB)),
                Duration.ofMillis(7));

        assertEquals("""
                gpufree: reclaimed 4.00 MiB from 1 variable (7 ms)
                  cfg    no tensor found        0 B
                  batch  freed, now null   4.00 MiB
                  cfg: no tensor in the part the walk reached, but it stopped early (nested deeper than the walk's depth limit, \
                and a collection in it threw when its elements were read); cfg may still hold tensors and their memory, and was left as it was
                  batch: the walk stopped early (more objects than the walk's object limit); the figures above cover only the part it reached
                host RSS 512 MiB -> 508 MiB (-4.00 MiB)
                """, ReleaseReport.text(done));
    }

    @Test
    void aPlainSgdOptimizersStateIsNamedAsSgdsNotAsAdams() {
        Holdings h = new Holdings(List.of(
                new VariableHolding("model", "LinearImpl", List.of("cpu"), List.of("float32"), null, 2, 0, 8, List.of("optimizer"), false, Set.of()),
                new VariableHolding("optimizer", "SGD", List.of("cpu"), List.of("float32"), null, 2, 0, 8, List.of("model"), true, Set.of())),
                Map.of(1L, new HeldStorage(1, 8, "cpu", false, List.of("model", "optimizer"))), Map.of(), Duration.ofMillis(1));
        String text = VariablesReport.text(h);
        assertTrue(text.contains("+state: an optimizer's state (SGD: momentum buffers, where momentum is set) is not visible"), text);
        assertTrue(!text.contains("Adam"), text);
        assertEquals("AdamW: two moments per parameter", VariablesReport.stateOf("AdamW"));
    }

    @Test
    void variablesHtmlLeftAlignsTextWithoutStylesAndRightAlignsFigures() {
        Holdings h = new Holdings(List.of(
                new VariableHolding("x", "Tensor", List.of("cuda:0"), List.of("float32"), List.of(1024L, 1024L), 1, 4 * MiB, 0, List.of(), false, Set.of())),
                Map.of(1L, new HeldStorage(1, 4 * MiB, "cuda:0", true, List.of("x"))), Map.of(), Duration.ofMillis(3));
        String html = VariablesReport.html(h);
        assertTrue(html.contains("<td><div align=\"left\"><code>x</code></div></td><td><div align=\"left\">Tensor</div></td>"), html);
        assertTrue(html.contains("<th><div align=\"left\">shared with</div></th>"), html);
        assertTrue(html.contains("<td align=\"right\">4.00&nbsp;MiB</td>"), html);
        assertTrue(!html.contains("style="), "an untrusted notebook strips every style: " + html);
    }

    @Test
    void memoryTwoFreedVariablesShareIsSaidToBeSharedAndCountedOnce() {
        FreeOutcome.Done done = new FreeOutcome.Done(FreeRequest.everything(),
                List.of(new VariableOutcome("model", VariableOutcome.Action.FREED, 16, 0, Set.of(), List.of("optimizer")),
                        new VariableOutcome("optimizer", VariableOutcome.Action.FREED, 16, 0, Set.of(), List.of("model"))),
                16, List.of(),
                MemoryLevel.host(OptionalLong.of(412 * MiB)),
                MemoryLevel.host(OptionalLong.of(5 * MiB)),
                Duration.ofMillis(9));

        assertEquals("""
                gpufree: reclaimed 16 B from 2 variables (9 ms)
                  model      freed, now null       16 B   shared with optimizer
                  optimizer  freed, now null       16 B   shared with model
                  (memory two variables share counts in both rows, and once in the total)
                host RSS 412 MiB -> 5.00 MiB (-407 MiB)
                host RSS is the whole process, not its tensors: the garbage collection and heap trim after a free give back Java heap too, and GPU memory is not part of it
                """, ReleaseReport.text(done));
    }
}
