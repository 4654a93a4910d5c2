package dev.gpumagics.context;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.gpumagics.context.checkpoint.CudaPresence;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The GPU test's child JVM, started here without a driver: everything before the first CUDA call
 * (its classpath, its host buffers, JavaCPP's limits) must already work, so that a device run is
 * never spent on a Java mistake. A first version died here with JavaCPP's OutOfMemoryError.
 */
class ParkedBuffersChildTest {

    @Test
    void theChildGetsAsFarAsTheDriver() throws Exception {
        assumeFalse(CudaPresence.driverLoadable(), "a driver is here: ContextGpuTest runs the child for real");
        Process child = new ProcessBuilder(ContextGpuTest.Child.command(1)).redirectErrorStream(true).start();
        child.getOutputStream().close();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child should fail fast without a driver");
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertNotEquals(0, child.exitValue(), output);
        assertTrue(output.contains("libcuda.so.1"), "it stops at the driver library: " + output);
        assertFalse(output.contains("OutOfMemoryError") || output.contains("NoClassDefFoundError")
                || output.contains("ClassNotFoundException"), output);
    }
}
