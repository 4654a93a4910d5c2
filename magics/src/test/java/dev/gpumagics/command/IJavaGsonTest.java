package dev.gpumagics.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Inside IJava 1.3.0 the magics' classes link against the Gson that IJava's jar carries (2.8.5, from
 * basekernel 2.3.0), not the one GpuMagics pins: the JShell class loader asks its parent first. So
 * %gpumem, --json included, runs here in a loader whose only Gson is 2.8.5.
 */
class IJavaGsonTest {

    @Test
    void gpumemRunsWithGson285() throws Exception {
        Path gson = Path.of("target/ijava-libs/gson-2.8.5.jar");
        assertTrue(Files.isRegularFile(gson), "the build copies IJava's Gson to " + gson);
        List<URL> urls = new ArrayList<>();
        urls.add(Path.of("target/classes").toUri().toURL());
        urls.add(gson.toUri().toURL());
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.contains("/gson/") && !entry.endsWith("classes")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        try (URLClassLoader ijava = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertEquals(gson.toUri().toURL(), ijava.loadClass("com.google.gson.Gson").getProtectionDomain().getCodeSource().getLocation());
            Class<?> memory = ijava.loadClass("dev.gpumagics.GpuMemory");
            Class<?> release = ijava.loadClass("dev.gpumagics.release.MemoryRelease");
            Class<?> variables = ijava.loadClass("dev.gpumagics.vars.NotebookVariables");
            Object engine = memory.getMethod("forThisProcess").invoke(null);
            Object none = release.getMethod("of", variables).invoke(null, variables.getMethod("none").invoke(null));
            List<Object> shown = new ArrayList<>();
            Consumer<Object> display = shown::add;
            Object magic = ijava.loadClass("dev.gpumagics.command.GpuMemMagic")
                    .getConstructor(memory, release, Consumer.class).newInstance(engine, none, display);
            var execute = magic.getClass().getMethod("execute", List.class);

            execute.invoke(magic, List.of("--json"));
            execute.invoke(magic, List.of("--vars"));

            assertEquals(3, shown.size());
            Class<?> mime = ijava.loadClass("io.github.spencerpark.jupyter.kernel.display.mime.MIMEType");
            Object json = shown.get(0).getClass().getMethod("getData", mime).invoke(shown.get(0), mime.getField("APPLICATION_JSON").get(null));
            assertEquals("com.google.gson.JsonObject", json.getClass().getName());
            assertTrue(json.toString().contains("\"host\""), json.toString());
        }
    }
}
