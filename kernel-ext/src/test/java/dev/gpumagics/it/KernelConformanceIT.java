package dev.gpumagics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jupyter's own conformance suite, jupyter_kernel_test 0.4.5 (Debian's python3-jupyter-kernel-test), against the
 * installed kernel, with a sample for every test it offers (kernel_conformance.py): every message validated against
 * its schema, language_info, history (tail, range, search), the pager, clear_output. None may fail or be skipped.
 */
class KernelConformanceIT {

    @Test
    void jupyterKernelTestPassesEveryTestItOffers(@TempDir Path work) throws Exception {
        Jupyter jupyter = Jupyter.install(work);
        assumeTrue(Jupyter.run(List.of(Jupyter.PYTHON.toString(), "-c", "import jupyter_kernel_test"), work, null).exit() == 0,
                "Debian's python3-jupyter-kernel-test is not installed (.ci/run installs it)");
        Jupyter.Result run = Jupyter.run(List.of(Jupyter.PYTHON.toString(), jupyter.scripts.resolve("kernel_conformance.py").toString(),
                Jupyter.KERNEL, "-v"), work, jupyter.dataDir);
        String report = run.err();
        assertEquals(0, run.exit(), run.toString());
        Matcher ran = Pattern.compile("Ran (\\d+) tests").matcher(report);
        assertTrue(ran.find(), report);
        assertEquals(12, Integer.parseInt(ran.group(1)), "the twelve tests of jupyter_kernel_test 0.4.5: " + report);
        assertFalse(report.contains("skipped"), "a test without its sample is skipped: " + report);
        assertTrue(report.contains("test_history") && report.contains("test_pager") && report.contains("test_clear_output"), report);
    }
}
