package dev.gpumagics.vars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.TorchTesting;
import dev.gpumagics.internal.torch.TorchAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.SGD;
import org.bytedeco.pytorch.SGDOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The walk over real libtorch CPU tensors, modules and optimizers, held in real Java object graphs. */
class VariableWalkerTest {

    private static TorchAccess torchAccess;
    private final List<AutoCloseable> made = new ArrayList<>();

    record Batch(String name, Tensor input, Tensor target) {}

    static final class Holder {
        Object inner;
        Holder(Object inner) {
            this.inner = inner;
        }
    }

    @BeforeAll
    static void loadTorch() {
        torchAccess = TorchTesting.access();
    }

    @AfterEach
    void closeTensors() throws Exception {
        for (AutoCloseable c : made) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T keep(T value) {
        made.add(value);
        return value;
    }

    private Holdings scan(MapVariables vars) {
        return new VariableWalker(torchAccess).scan(vars.bindings());
    }

    @Test
    void oneTensorReportsItsBytesDtypeDeviceAndShape() {
        Tensor x = keep(torch.zeros(300, 200));
        Tensor ids = keep(torch.arange(new org.bytedeco.pytorch.Scalar(7)));
        Holdings h = scan(new MapVariables().put("x", "Tensor", x).put("ids", "Tensor", ids).put("n", "int", 3));

        VariableHolding vx = h.variable("x").orElseThrow();
        assertEquals(300L * 200 * 4, vx.aloneBytes());
        assertEquals(0, vx.sharedBytes());
        assertEquals(List.of("cpu"), vx.devices());
        assertEquals(List.of("float32"), vx.dtypes());
        assertEquals(List.of(300L, 200L), vx.shape());
        assertEquals("Tensor", vx.type());
        VariableHolding vi = h.variable("ids").orElseThrow();
        assertEquals(7L * 8, vi.aloneBytes());
        assertEquals(List.of("int64"), vi.dtypes());
        VariableHolding n = h.variable("n").orElseThrow();
        assertEquals(0, n.totalBytes());
        assertFalse(n.holdsTensors());
        assertEquals(300L * 200 * 4 + 56, h.totalBytes());
    }

    @Test
    void twoViewsOfOneStorageAreCountedOnceAndShownAsShared() {
        Tensor base = keep(torch.ones(1000, 100));
        Tensor row = keep(base.select(0, 3));
        Tensor reshaped = keep(base.view(100, 1000));
        Holdings h = scan(new MapVariables().put("row", row).put("reshaped", reshaped).put("other", keep(torch.ones(10))));

        long bytes = 1000L * 100 * 4;
        VariableHolding r = h.variable("row").orElseThrow();
        assertEquals(0, r.aloneBytes(), "a 100-element view holds the whole storage, shared");
        assertEquals(bytes, r.sharedBytes());
        assertEquals(List.of("reshaped"), r.sharedWith());
        assertEquals(List.of(100L), r.shape());
        assertEquals(List.of("row"), h.variable("reshaped").orElseThrow().sharedWith());
        assertEquals(bytes + 40, h.totalBytes(), "the shared storage counts once in the total");
    }

    @Test
    void moduleWithOptimizerAfterATrainingStepCountsParametersAndGradientsOnce() {
        LinearImpl model = keep(new LinearImpl(64, 32));
        SGD sgd = keep(new SGD(model.parameters(), new SGDOptions(0.1)));
        Tensor input = keep(torch.randn(8, 64));
        try (Tensor loss = model.forward(input).sum()) {
            loss.backward();
        }
        sgd.step().close();
        Holdings h = scan(new MapVariables().put("model", model).put("sgd", sgd));

        long params = (64L * 32 + 32) * 4;
        VariableHolding m = h.variable("model").orElseThrow();
        assertEquals(4, m.tensors(), "weight, bias and their two gradients");
        assertEquals(2 * params, m.totalBytes());
        assertEquals(2 * params, m.sharedBytes(), "the optimizer reaches the same parameters and gradients");
        VariableHolding o = h.variable("sgd").orElseThrow();
        assertTrue(o.optimizerState());
        assertEquals(List.of("model"), o.sharedWith());
        assertEquals(2 * params, h.totalBytes());
    }

    @Test
    void aLossSummedOverStepsCarriesItsGraphWhileParametersAndPlainTensorsCarryNone() {
        LinearImpl model = keep(new LinearImpl(16, 4));
        Tensor input = keep(torch.randn(8, 16));
        Tensor total = keep(torch.zeros(1));
        for (int step = 0; step < 3; step++) {
            Tensor before = total;
            total = keep(before.add(model.forward(input).sum()));
        }
        Tensor detached = keep(total.detach());
        Holdings h = scan(new MapVariables().put("total", total).put("model", model).put("detached", detached)
                .put("input", input));

        Autograd loss = h.variable("total").orElseThrow().autograd();
        assertTrue(loss.keepsHistory(), loss.toString());
        assertEquals(1, loss.withHistory());
        assertEquals(List.of("AddBackward0"), loss.gradFunctions());
        assertEquals(4, loss.historyBytes(), "the one float of the summed loss; what its graph saved is not in it");
        Autograd parameters = h.variable("model").orElseThrow().autograd();
        assertEquals(2, parameters.requiringGrad(), "weight and bias require grad");
        assertFalse(parameters.keepsHistory(), "leaves carry no graph");
        assertEquals(Autograd.NONE, h.variable("detached").orElseThrow().autograd());
        assertEquals(Autograd.NONE, h.variable("input").orElseThrow().autograd());
    }

    @Test
    void tensorsInsideListsOfRecordsMapsArraysOptionalsAndFieldsAreFound() {
        Tensor a = keep(torch.ones(10, 10));
        Tensor b = keep(torch.ones(20, 10));
        Tensor c = keep(torch.ones(30, 10));
        Tensor d = keep(torch.ones(40, 10));
        Tensor e = keep(torch.ones(50, 10));
        List<Batch> batches = List.of(new Batch("first", a, b), new Batch("second", c, a));
        Holdings h = scan(new MapVariables()
                .put("batches", batches)
                .put("byName", Map.of("d", d))
                .put("array", new Object[] {Optional.of(e), null, "text"})
                .put("holder", new Holder(new Holder(List.of(d)))));

        assertEquals((100L + 200 + 300) * 4, h.variable("batches").orElseThrow().totalBytes());
        assertEquals(3, h.variable("batches").orElseThrow().tensors(), "a appears twice, counted once");
        assertEquals(400L * 4, h.variable("byName").orElseThrow().sharedBytes());
        assertEquals(500L * 4, h.variable("array").orElseThrow().aloneBytes());
        assertEquals(List.of("byName"), h.variable("holder").orElseThrow().sharedWith());
        assertNull(h.variable("batches").orElseThrow().shape(), "a shape is shown only for a tensor variable");
    }

    @Test
    void cyclesEndAndTheDepthLimitIsReported() {
        Tensor t = keep(torch.ones(5));
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        cycle.add(t);
        Object deep = t;
        for (int i = 0; i < 20; i++) {
            deep = new Holder(deep);
        }
        Holdings h = new VariableWalker(torchAccess, 5, 1000).scan(
                new MapVariables().put("cycle", cycle).put("deep", deep).bindings());

        assertEquals(20, h.variable("cycle").orElseThrow().totalBytes());
        assertFalse(h.variable("cycle").orElseThrow().truncated());
        VariableHolding d = h.variable("deep").orElseThrow();
        assertTrue(d.truncated());
        assertEquals(Set.of(WalkStop.DEPTH_LIMIT), d.stoppedEarly());
        assertEquals(0, d.totalBytes(), "the tensor lies below the depth limit");
    }

    @Test
    void closedHandlesAndNullsHoldNothing() {
        Tensor t = torch.ones(100);
        t.close();
        Holdings h = scan(new MapVariables().put("closed", t).put("nothing", null));
        assertEquals(0, h.totalBytes());
        assertEquals(0, h.variable("closed").orElseThrow().tensors());
    }
    /** A notebook class whose iteration fails, as user code may; it keeps a tensor in a field of its own. */
    static final class FailingList extends java.util.AbstractList<Tensor> {
        final Tensor kept;

        FailingList(Tensor kept) {
            this.kept = kept;
        }

        @Override
        public Tensor get(int index) {
            throw new IllegalStateException("nope");
        }

        @Override
        public int size() {
            return 3;
        }
    }

    @Test
    void aCollectionWhoseIterationThrowsIsWalkedByItsFieldsAndSpoilsNoOtherVariable() {
        Tensor inField = keep(torch.ones(10));
        Tensor other = keep(torch.ones(20));
        Holdings h = scan(new MapVariables().put("bad", new FailingList(inField)).put("other", other));

        assertEquals(20L * 4, h.variable("other").orElseThrow().totalBytes());
        VariableHolding bad = h.variable("bad").orElseThrow();
        assertEquals(10L * 4, bad.totalBytes(), "the tensor in the list's own field is still found");
        assertTrue(bad.truncated(), "its elements could not be read: the walk says it may hold more");
        assertEquals(Set.of(WalkStop.UNREADABLE_COLLECTION), bad.stoppedEarly());
    }

    @Test
    void theArraysAVariableReachesAreCountedOnceEachByTheirElements() {
        long[] longs = new long[1000];
        Object[] refs = {longs, longs, new byte[10], new double[][] {new double[3]}};
        MapVariables vars = new MapVariables().put("refs", refs).put("longs", longs)
                .put("listed", List.of(new float[5], new char[7])).put("none", "text");
        Map<String, VariableReach> reaches = scan(vars).reaches();
        // refs: its own 4 slots at 4 bytes, the longs once, the bytes, and the nested array with its doubles
        assertEquals(4 * 4 + 8000 + 10 + 4 + 3 * 8, reaches.get("refs").heapArrayBytes());
        assertEquals(8000, reaches.get("longs").heapArrayBytes());
        assertEquals(5 * 4 + 7 * 2, reaches.get("listed").heapArrayBytes(), "a collection's elements are reached");
        assertEquals(0, reaches.get("none").heapArrayBytes());
    }

    @Test
    void theObjectLimitIsReportedAsSuch() {
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            many.add(new ArrayList<>(List.of(new Object())));
        }
        VariableHolding v = new VariableWalker(torchAccess, 12, 5).scan(new MapVariables().put("many", many).bindings())
                .variable("many").orElseThrow();
        assertEquals(Set.of(WalkStop.OBJECT_LIMIT), v.stoppedEarly());
    }
}
