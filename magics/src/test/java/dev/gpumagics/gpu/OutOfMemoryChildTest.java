package dev.gpumagics.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpumagics.internal.cuda.DriverLibraries.Library;
import dev.gpumagics.internal.cuda.DriverLibraries;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The CUDA out-of-memory test's child, started here without a driver: it must load, diagnose and answer. */
class OutOfMemoryChildTest {

    @Test
    void theChildSaysThereIsNoCudaAndStillDiagnoses() throws Exception {
        assumeTrue(DriverLibraries.system().firstMissing(Library.DRIVER, Library.CUDART).isPresent(),
                "CUDA is here: OutOfMemoryGpuTest runs the child for real");
        Process child = new ProcessBuilder(ChildJvm.command(OutOfMemoryMain.class, List.of())).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.startsWith("cuda=unavailable "), out);
        assertTrue(out.contains("--- diagnosis\nNo allocation failure seen in this kernel; what holds host memory now:"), out);
        assertTrue(out.contains("\"failure\": null"), out);
    }

    @Test
    void theRecordedFailuresChildAnswersToo() throws Exception {
        assumeTrue(DriverLibraries.system().firstMissing(Library.DRIVER).isPresent(), "a driver is here: OutOfMemoryGpuTest runs it");
        Process child = new ProcessBuilder(ChildJvm.command(OutOfMemoryMain.class, List.of(), "recorded")).redirectErrorStream(true).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("causes=3 contexts=unknown", out.readLine(), "others, the context and the cache, from the failure alone: no driver to ask");
        } finally {
            child.getOutputStream().close();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(0, child.exitValue());
    }
}
