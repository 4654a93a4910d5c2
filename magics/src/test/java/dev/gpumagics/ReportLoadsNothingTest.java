package dev.gpumagics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A report in a JVM that never used torch must not load libtorch (1 to 4 s and 445 MB of natives),
 * even with the torch classes on the class path. Checked in a fresh JVM, since tests here load it.
 */
class ReportLoadsNothingTest {

    /** The child: two reports, then the native libraries JavaCPP has loaded. */
    public static final class Child {
        public static void main(String[] args) {
            GpuMemory memory = GpuMemory.forThisProcess();
            memory.report(dev.gpumagics.look.ReportOptions.ALL);
            memory.report(dev.gpumagics.look.ReportOptions.ALL);
            System.out.println(org.bytedeco.javacpp.Loader.getLoadedLibraries().keySet());
        }
    }

    @Test
    void libtorchStaysUnloaded() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Child.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.startsWith("[") && out.endsWith("]"), out);
        assertTrue(!out.contains("torch") && !out.contains("c10"), "libtorch was loaded: " + out);
    }
}
