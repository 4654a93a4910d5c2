package dev.gpumagics.adapter.ijava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import jdk.jshell.EvalException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The IJava add-on's runtime side in a kernel of IJava 1.3.0's shape ({@link StandInIJava}), registered
 * by the add-on's own startup script, over a real JShell with real libtorch CPU tensors.
 */
class IJavaMagicsTest {

    private final StandInIJava ijava = StandInIJava.withTheAddOn();

    IJavaMagicsTest() throws Exception {}

    @AfterEach
    void close() {
        ijava.close();
    }

    private String lastShown() {
        return shownText(ijava.shown.size() - 1);
    }

    private String shownText(int index) {
        return (String) ijava.shown.get(index).getData(MIMEType.TEXT_PLAIN);
    }

    /** IJava's traceback for a failed cell: basekernel's rule line, then the trace, with JShell's class replaced by the real one. */
    private static List<String> ijavaTraceback(EvalException e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        List<String> lines = new java.util.ArrayList<>();
        lines.add("---------------------------------------------------------------------------");
        trace.toString().lines().map(line -> line.replace(EvalException.class.getName(), e.getExceptionClassName())).forEach(lines::add);
        return lines;
    }

    @Test
    void theMagicsSeeIJavasVariablesWithoutItsMagicTemporariesAndClearThem() throws Exception {
        ijava.run("org.bytedeco.pytorch.Tensor weights = org.bytedeco.pytorch.global.torch.ones(256, 256);");
        ijava.run("int epochs = 3;");
        ijava.run("%gpugc"); // IJava keeps a $N for this line, as for every magic line

        ijava.run("%gpumem --vars --no-procs");
        String table = shownText(2);
        assertTrue(ijava.jshell().variables().anyMatch(v -> v.name().startsWith("$")), "IJava's own $N are there");
        assertTrue(table.contains("1 of 2 variables holds tensors: 256 KiB"), "the magic lines' $N are not the notebook's: " + table);
        assertTrue(table.matches("(?s).*\\n  weights +org\\.bytedeco\\.pytorch\\.Tensor +cpu +float32 +\\[256, 256\\] +256 KiB\\s*"), table);

        ijava.run("%gpufree weights");
        assertTrue(shownText(3).startsWith("gpufree: reclaimed 256 KiB from 1 variable"), shownText(3));
        assertEquals("true", ijava.run("weights == null"));
        assertEquals("3", ijava.run("epochs"));
    }

    @Test
    void scansAndClearingCompileNothing() throws Exception {
        for (int i = 0; i < 12; i++) {
            ijava.run("org.bytedeco.pytorch.Tensor t" + i + " = org.bytedeco.pytorch.global.torch.ones(16);");
        }
        ijava.evalRawCalls = 0;
        ijava.run("%gpumem --vars --no-procs");
        assertEquals(1, ijava.evalRawCalls, "12 variables: one evaluation, the first time only, for JShell's class loader");
        assertTrue(lastShown().startsWith("12 of 12 variables hold tensors"), lastShown());

        ijava.run("%gpufree --all --dry-run");
        ijava.run("org.bytedeco.pytorch.Tensor t12 = org.bytedeco.pytorch.global.torch.ones(16);");
        ijava.run("t0 = org.bytedeco.pytorch.global.torch.ones(32);"); // an assignment: the same variable, read as it is now
        ijava.run("%gpumem --vars --no-procs");
        assertTrue(lastShown().startsWith("13 of 13 variables hold tensors: 896 B"), lastShown());
        ijava.run("%gpufree --all");
        assertEquals(1, ijava.evalRawCalls, "no evaluation per scan, per new variable or per variable cleared");
        assertEquals("true", ijava.run("t0 == null && t7 == null && t12 == null"));
    }

    @Test
    void badInputIsOneLineAndTheCellStillFails() throws Exception {
        EvalException failed = assertThrows(EvalException.class, () -> ijava.run("%gpufree nosuchvar"));

        assertEquals(List.of("---------------------------------------------------------------------------",
                "dev.gpumagics.adapter.jshell.MagicRefused: gpufree: no variable named nosuchvar; nothing was freed"),
                ijavaTraceback(failed));
        EvalException usage = assertThrows(EvalException.class, () -> ijava.run("%gpumem --verbose"));
        assertEquals(2, ijavaTraceback(usage).size(), ijavaTraceback(usage).toString());
        assertTrue(ijavaTraceback(usage).get(1).endsWith(": unknown option --verbose. Usage: %gpumem [--device N] [--json] [--no-procs] [--vars]"),
                ijavaTraceback(usage).toString());
        assertEquals(List.of(), ijava.shown, "a refusal shows nothing besides the failed cell");
    }

    @Test
    void theStartupScriptLeavesNothingOfOursInTheNotebook() throws Exception {
        assertEquals(List.of("java.util.*", StandInIJava.class.getName() + ".lineMagic"),
                ijava.jshell().imports().map(i -> i.fullname()).toList(), "IJava's own imports, none of ours");
        assertEquals(List.of(), ijava.jshell().types().map(t -> t.name()).toList());
        assertEquals(List.of(), ijava.jshell().methods().map(m -> m.name()).toList());
        assertEquals(List.of(), ijava.jshell().variables().map(v -> v.name()).toList());
        ijava.run("%gpumem --no-procs");
        assertTrue(shownText(0).startsWith("GPU memory at "), shownText(0));
    }

    @Test
    void everyGpuMagicIsRegisteredAndResetsHintIsItsOwn() throws Exception {
        java.util.Map<String, String> refused = new java.util.HashMap<>();
        for (String name : List.of("gpumem", "gpufree --cache", "gpugc", "gpususpend", "gpuresume", "gpureset")) {
            try {
                ijava.run("%" + name);
            } catch (Exception e) { // what did not happen (no driver here) fails the cell, in one line
                refused.put(name, String.valueOf(e.getMessage()));
            }
        }
        assertEquals(6, ijava.shown.size() + refused.size(), "each magic showed its answer in the cell, or failed it");
        String reset = refused.getOrDefault("gpureset", shownText(ijava.shown.size() - 1));
        if (reset.contains("no usable NVIDIA driver")) {
            assertTrue(reset.endsWith("(on a GPU server, install the NVIDIA driver)"), reset);
        }
        assertInstanceOf(String.class, ijava.shown.get(0).getData(MIMEType.TEXT_HTML), "the report's HTML is there too");
    }
}
