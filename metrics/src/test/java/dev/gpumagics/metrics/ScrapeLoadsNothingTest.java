package dev.gpumagics.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.context.GpuContext;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Bound and scraped in a JVM that never used torch, with its classes on the class path, the binder must not load
 * libtorch, nor create this process's GPU context: a service that serves metrics before (or without) its model stays
 * as it was. In a fresh JVM, since nothing else may have loaded anything there.
 */
class ScrapeLoadsNothingTest {

    /** The child: the binder on the real probes, three scrapes, then what JavaCPP loaded and whether a context exists. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new GpuMemoryMetrics().bindTo(registry);
            for (int i = 0; i < 3; i++) {
                registry.scrape();
                Thread.sleep(i == 0 ? 1100 : 0);
            }
            System.out.println(GpuContext.ifCreated().isPresent() + " " + org.bytedeco.javacpp.Loader.getLoadedLibraries().keySet());
        }
    }

    @Test
    void libtorchStaysUnloadedAndNoContextIsMade() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Child.class.getName()).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), out);
        String last = out.substring(out.lastIndexOf('\n') + 1);
        assertTrue(last.startsWith("false ["), "no GpuContext was made: " + out);
        assertTrue(!last.contains("torch") && !last.contains("c10"), "libtorch was loaded: " + out);
    }
}
