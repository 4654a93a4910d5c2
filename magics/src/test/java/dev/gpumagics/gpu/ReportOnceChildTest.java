package dev.gpumagics.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpumagics.internal.cuda.DriverLibraries.Library;
import dev.gpumagics.internal.cuda.DriverLibraries;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The GPU report test's child JVM, started here without a driver: it must load, take both reports
 * and answer, so that a device run never fails on how the child was started.
 */
class ReportOnceChildTest {

    @Test
    void theChildReportsTwiceAndAnswersWithoutADriver() throws Exception {
        assumeTrue(DriverLibraries.system().firstMissing(Library.DRIVER).isPresent(),
                "a driver is here: GpuReportGpuTest runs the child for real");
        Process child = new ProcessBuilder(ChildJvm.command(ReportOnceMain.class, List.of())).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("contexts=unknown", out.readLine());
        } finally {
            child.getOutputStream().close();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(0, child.exitValue());
    }
}
