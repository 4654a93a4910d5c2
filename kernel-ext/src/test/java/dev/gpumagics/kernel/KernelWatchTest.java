package dev.gpumagics.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.gpumagics.jupyter.kernel.CellOutput;
import dev.gpumagics.jupyter.kernel.ExecuteOutcome;
import dev.gpumagics.jupyter.kernel.ExecuteRequest;
import dev.gpumagics.jupyter.kernel.Failure;
import dev.gpumagics.jupyter.kernel.MimeBundle;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * %gpuwatch and %%nograd in the kernel, on a real JShell with real libtorch CPU tensors, without Jupyter: which
 * variables a cell's snippets declared or assigned, the record after each cell however it ended, the live view, and
 * grad mode set and put back on the notebook's thread.
 */
class KernelWatchTest {

    private static GpuMagicsKernel kernel;

    /** What a cell showed: plain displays, and displays with an id and their updates. */
    static final class Shown implements CellOutput {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<MimeBundle> bundles = new CopyOnWriteArrayList<>();

        @Override
        public void display(MimeBundle bundle) {
            events.add("display");
            bundles.add(bundle);
        }

        @Override
        public void display(MimeBundle bundle, String displayId) {
            events.add("display " + displayId);
            bundles.add(bundle);
        }

        @Override
        public void update(MimeBundle bundle, String displayId) {
            events.add("update " + displayId);
            bundles.add(bundle);
        }

        /** The watch's line: the last plain display. */
        String line() {
            for (int i = events.size() - 1; i >= 0; i--) {
                if (events.get(i).equals("display")) {
                    return bundles.get(i).plainText();
                }
            }
            throw new AssertionError("nothing shown: " + events);
        }
    }

    @BeforeAll
    static void start() {
        kernel = new GpuMagicsKernel(NotebookShell.start());
        run("import org.bytedeco.pytorch.*;\nimport static org.bytedeco.pytorch.global.torch.*;\nones(1).close();");
    }

    @AfterAll
    static void stop() {
        run("%gpuwatch off");
        kernel.shutdown(false);
    }

    static Shown run(String cell) {
        Shown shown = new Shown();
        ExecuteOutcome outcome = kernel.execute(new ExecuteRequest(cell, false, true, false, true, 1), shown);
        if (outcome instanceof ExecuteOutcome.Failed failed) {
            shown.events.add("failed " + failed.failure().evalue());
        }
        return shown;
    }

    @Test
    void offThereIsNoLineNoListenerAndNoTimerThread() {
        run("%gpuwatch off");
        Shown shown = run("var quiet = ones(256, 256);");
        assertEquals(List.of(), shown.events);
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("gpumagics-watch") && t.isAlive()),
                "no sampler thread while the watch is off");
    }

    @Test
    void theCellsDeclaredAndAssignedVariablesAreNamedWithWhatTheyHold() {
        run("%gpuwatch on --json");
        try {
            String made = run("var big = ones(4096, 4096);").line();
            assertTrue(made.contains(" | big new 64.0 MiB"), made);
            String dropped = run("big.close();\nbig = null;").line();
            assertTrue(dropped.contains(" | big 64.0 MiB -> 0 B"), dropped);
            String temporary = run("ones(512, 512)").line();
            assertTrue(temporary.matches(".* \\| \\$\\d+ new 1\\.00 MiB$"), "an expression's value is a variable too: " + temporary);
            Shown again = run("var big = ones(256, 256);");
            JsonObject json = (JsonObject) again.bundles.get(again.bundles.size() - 1).data().get("application/json");
            JsonObject variable = json.getAsJsonArray("variables").get(0).getAsJsonObject();
            assertEquals("big", variable.get("name").getAsString());
            assertEquals("redeclared", variable.get("how").getAsString());
            assertEquals(0, variable.get("bytesBefore").getAsLong());
            assertEquals(256 * 1024, variable.get("bytes").getAsLong());
            assertFalse(run("int plain = 3;").line().contains("plain"), "a variable that holds no tensor is not named");
        } finally {
            run("%gpuwatch off");
        }
    }

    @Test
    void aFailingCellGetsItsLineBeforeItsErrorAndTheCellThatTurnsTheWatchOffGetsNone() {
        run("%gpuwatch on");
        Shown failing = run("var partial = ones(1024, 1024);\nthrow new IllegalStateException(\"boom\");");
        assertTrue(failing.events.get(failing.events.size() - 1).equals("failed boom"), failing.events.toString());
        assertTrue(failing.line().contains("partial new 4.00 MiB"), "what ran before the error counts: " + failing.line());
        assertEquals(List.of("display"), run("%gpuwatch off").events, "only the magic's own answer");
    }

    @Test
    void aLongCellGetsOneDisplayUpdatedInPlaceItsLastFrameAndThenItsLine() {
        run("%gpuwatch on");
        try {
            Shown shown = run("var slow = ones(1024, 1024);\nThread.sleep(3500);");
            List<String> events = shown.events;
            String first = events.get(0);
            assertTrue(first.startsWith("display gpumagics-watch-"), events.toString());
            String id = first.substring("display ".length());
            List<String> updates = events.subList(1, events.size() - 1);
            assertTrue(updates.size() >= 2, "frames about once a second after 2 s, then the last: " + events);
            assertTrue(updates.stream().allMatch(("update " + id)::equals), events.toString());
            assertEquals("display", events.get(events.size() - 1), "the line comes last");
            String last = shown.bundles.get(events.size() - 2).plainText();
            assertTrue(last.startsWith("gpuwatch the cell's memory over its 3."), last);
            String html = shown.bundles.get(events.size() - 2).data().get("text/html").getAsString();
            assertTrue(html.contains("<img class=\"gpumagics-sparkline\" src=\"data:image/png;base64,"), html);
        } finally {
            run("%gpuwatch off");
        }
    }

    @Test
    void anInterruptedCellStopsItsLiveViewAndStillGetsItsLine() throws Exception {
        run("%gpuwatch on");
        try {
            Thread interrupter = new Thread(() -> {
                try {
                    Thread.sleep(2600);
                } catch (InterruptedException e) {
                    return;
                }
                kernel.interrupt();
            });
            interrupter.start();
            Shown shown = run("while (true) { Thread.sleep(10); }");
            interrupter.join();
            int atEnd = shown.events.size();
            assertTrue(shown.events.get(atEnd - 1).startsWith("failed"), shown.events.toString());
            assertEquals("display", shown.events.get(atEnd - 2), "the line, before the error");
            assertTrue(shown.events.get(0).startsWith("display gpumagics-watch-"), shown.events.toString());
            Thread.sleep(1500);
            assertEquals(atEnd, shown.events.size(), "no frame after the cell: " + shown.events);
        } finally {
            run("%gpuwatch off");
        }
    }

    @Test
    void noGradCellsRecordNoHistoryAndGradientsAreOnAgainAfterOneThatThrows() {
        run("var w = randn(new long[] {3, 2}).requires_grad_(true);");
        assertEquals(List.of(), run("%%nograd\nvar inside = w.mul(w).sum();").events);
        assertEquals(false, kernel.run("inside.requires_grad()").value(), "computed under %%nograd: no history");
        assertEquals(true, kernel.run("inside.grad_fn() == null").value());
        assertEquals(true, kernel.run("w.mul(w).sum().grad_fn() != null").value(), "outside it, a graph as usual");
        Shown thrown = run("%%nograd\nvar half = w.mul(w);\nthrow new RuntimeException(\"inside\");");
        assertEquals(List.of("failed inside"), thrown.events);
        assertEquals(true, kernel.run("GradMode.is_enabled()").value(), "put back after the cell threw");
        assertEquals(true, kernel.run("w.mul(w).sum().requires_grad()").value());
        Shown usage = run("%%nograd please\n1");
        assertTrue(usage.events.get(0).startsWith("failed %%nograd takes no arguments"), usage.events.toString());
    }

    @Test
    void aBadMagicInANoGradCellIsOneLineNamingNoKernelClass() {
        ExecuteOutcome outcome = kernel.execute(new ExecuteRequest("%%nograd\n%nosuchmagic", false, true, false, true, 1), new Shown());
        Failure failure = ((ExecuteOutcome.Failed) outcome).failure();
        assertEquals(List.of("no magic named %nosuchmagic"), failure.traceback());
        assertEquals("IllegalArgumentException", failure.ename());
    }

    @Test
    void anInterruptedNoGradCellPutsGradModeBack() throws Exception {
        Thread interrupter = new Thread(() -> {
            try {
                Thread.sleep(800);
            } catch (InterruptedException e) {
                return;
            }
            kernel.interrupt();
        });
        interrupter.start();
        Shown shown = run("%%nograd\nwhile (true) { }");
        interrupter.join();
        assertTrue(shown.events.get(0).startsWith("failed"), shown.events.toString());
        assertEquals(true, kernel.run("GradMode.is_enabled()").value(), "a loop stopped from outside still gets grad mode back");
    }
}
