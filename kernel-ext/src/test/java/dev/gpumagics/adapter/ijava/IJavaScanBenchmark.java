package dev.gpumagics.adapter.ijava;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.command.GpuMagic;
import dev.gpumagics.command.GpuMagics;
import dev.gpumagics.command.MimeBundle;
import dev.gpumagics.command.Notebook;
import dev.gpumagics.kernel.NotebookShell;
import dev.gpumagics.vars.NotebookVariables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code %gpufree --all --dry-run} (a whole variable scan) in the IJava path ({@link StandInIJava}: IJava
 * 1.3.0's shape over JShell on JDK's direct execution) against our kernel's (its JShell, the magic as
 * our kernel calls it), each holding N variables with a real libtorch CPU tensor, for 12 and
 * 1,000 variables. Steady: nothing declared since the last scan. After a declaration: one new variable
 * before each scan, so the IJava path compiles its reader for it. Run with
 * {@code mvn -B -o -pl kernel-ext -am test -Dexcluded.groups=none -Dgroups=benchmark -Dtest=IJavaScanBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class IJavaScanBenchmark {

    private static final int RUNS = 11;

    @Test
    void twelveVariables() throws Exception {
        compare(12);
    }

    @Test
    void aThousandVariables() throws Exception {
        compare(1000);
    }

    private static void compare(int variables) throws Exception {
        try (StandInIJava ijava = StandInIJava.withTheAddOn(); NotebookShell ours = NotebookShell.start()) {
            List<MimeBundle> shown = new ArrayList<>();
            Notebook notebook = new Notebook() {
                @Override
                public void show(MimeBundle bundle) {
                    shown.add(bundle);
                }

                @Override
                public NotebookVariables variables() {
                    return ours.variables();
                }
            };
            GpuMagic gpufree = GpuMagics.forNotebook(ours::classLoader).stream().filter(m -> m.name().equals("gpufree"))
                    .findFirst().orElseThrow();
            StringBuilder declarations = new StringBuilder();
            for (int i = 0; i < variables; i++) {
                declarations.append("org.bytedeco.pytorch.Tensor v").append(i).append(" = org.bytedeco.pytorch.global.torch.ones(16);\n");
            }
            ijava.run(declarations.toString());
            ours.eval(declarations.toString());

            Scan ourScan = () -> shown.addAll(gpufree.call(List.of("--all", "--dry-run"), notebook));
            Scan ijavaMagic = () -> ijava.getMagics().applyLineMagic("gpufree", List.of("--all", "--dry-run"));
            Scan ijavaCell = () -> ijava.run("%gpufree --all --dry-run");
            for (int i = 0; i < 3; i++) {
                ourScan.run();
                ijavaMagic.run();
                ijavaCell.run();
            }
            String said = shown.get(shown.size() - 1).text();
            assertTrue(said.contains("from " + variables + " variables"), said);

            report(variables, "steady", "our kernel, the magic", times(ourScan, () -> {}));
            report(variables, "steady", "IJava path, the magic", times(ijavaMagic, () -> {}));
            report(variables, "steady", "IJava path, the cell (IJava compiles the magic line)", times(ijavaCell, () -> {}));
            int[] next = {variables};
            report(variables, "after a declaration", "our kernel, the magic",
                    times(ourScan, () -> ours.eval("org.bytedeco.pytorch.Tensor v" + next[0]++ + " = org.bytedeco.pytorch.global.torch.ones(16);")));
            int[] nextIJava = {variables};
            report(variables, "after a declaration", "IJava path, the magic",
                    times(ijavaMagic, () -> ijava.run("org.bytedeco.pytorch.Tensor v" + nextIJava[0]++ + " = org.bytedeco.pytorch.global.torch.ones(16);")));
        }
    }

    private interface Scan {
        void run() throws Exception;
    }

    private static double[] times(Scan scan, Scan before) throws Exception {
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            before.run();
            long start = System.nanoTime();
            scan.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static void report(int variables, String when, String what, double[] ms) {
        System.out.printf(Locale.ROOT, "BENCH %5d variables, %-20s %-55s median %7.1f ms  min %7.1f  max %7.1f%n",
                variables, when, what, ms[RUNS / 2], ms[0], ms[RUNS - 1]);
    }
}
