package dev.gpumagics.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import java.util.ArrayList;
import java.util.List;
import jdk.jshell.JShell;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The IJava add-on's runtime side against a kernel of IJava 1.3.0's shape. IJava is not on Maven
 * Central, so a stand-in carries exactly what the add-on reaches by reflection (JavaKernel's public
 * {@code getMagics()} and {@code evalRaw(String)}, and its private {@code evaluator} field whose
 * {@code getShell()} is the JShell), over a real JShell with live values.
 */
class IJavaMagicsTest {

    /** IJava 1.3.0's JavaKernel, as far as the add-on touches it. */
    public static final class StandInJavaKernel extends BaseKernel {
        private final Evaluator evaluator;
        private final Magics magics = new Magics();
        final List<DisplayData> shown = new ArrayList<>();

        StandInJavaKernel(NotebookShell shell) {
            this.evaluator = new Evaluator(shell);
        }

        public Magics getMagics() {
            return magics;
        }

        public @Nullable Object evalRaw(String expr) {
            return evaluator.shell.eval(expr).value();
        }

        @Override
        public void display(DisplayData data) {
            shown.add(data);
        }

        @Override
        public DisplayData eval(String expr) {
            throw new UnsupportedOperationException("the add-on calls evalRaw");
        }

        @Override
        public LanguageInfo getLanguageInfo() {
            return new LanguageInfo.Builder("Java").build();
        }
    }

    /** IJava's CodeEvaluator: the add-on asks it only for its JShell. */
    public static final class Evaluator {
        private final NotebookShell shell;

        Evaluator(NotebookShell shell) {
            this.shell = shell;
        }

        public JShell getShell() {
            return shell.jshell();
        }
    }

    private final NotebookShell shell = NotebookShell.start();
    private final StandInJavaKernel ijava = new StandInJavaKernel(shell);

    @AfterEach
    void close() {
        shell.close();
    }

    private String shownText(int index) {
        return (String) ijava.shown.get(index).getData(MIMEType.TEXT_PLAIN);
    }

    @Test
    void theMagicsSeeIJavasVariablesAndClearThemThroughEvalRaw() throws Exception {
        IJavaMagics.register(ijava, shell.classLoader());
        ijava.evalRaw("org.bytedeco.pytorch.Tensor weights = org.bytedeco.pytorch.global.torch.ones(256, 256);");
        ijava.evalRaw("int epochs = 3;");

        ijava.getMagics().applyLineMagic("gpumem", List.of("--vars", "--no-procs"));
        String table = shownText(1);
        assertTrue(table.contains("1 of 2 variables holds tensors: 256 KiB"), table);
        assertTrue(table.matches("(?s).*\\n  weights +org\\.bytedeco\\.pytorch\\.Tensor +cpu +float32 +\\[256, 256\\] +256 KiB\\s*"), table);

        ijava.getMagics().applyLineMagic("gpufree", List.of("weights"));
        assertTrue(shownText(2).startsWith("gpufree: reclaimed 256 KiB from 1 variable"), shownText(2));
        assertEquals(Boolean.TRUE, ijava.evalRaw("weights == null"));
        assertEquals(3, ijava.evalRaw("epochs"));
    }

    @Test
    void everyGpuMagicIsRegistered() throws Exception {
        IJavaMagics.register(ijava, shell.classLoader());
        for (String name : List.of("gpumem", "gpufree", "gpugc", "gpususpend", "gpuresume", "gpureset")) {
            ijava.getMagics().applyLineMagic(name, name.equals("gpufree") ? List.of("--cache") : List.of());
        }
        assertEquals(6, ijava.shown.size(), "each magic showed its answer in the cell");
    }
}
