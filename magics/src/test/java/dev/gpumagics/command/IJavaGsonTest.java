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

    /** The magics' classes over Gson 2.8.5 alone, the other dependencies as the test runs them. */
    private static URLClassLoader ijavaLoader() throws Exception {
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
        URLClassLoader ijava = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        assertEquals(gson.toUri().toURL(), ijava.loadClass("com.google.gson.Gson").getProtectionDomain().getCodeSource().getLocation());
        return ijava;
    }

    /** {@code %gpumem} with each of {@code calls} in turn, built and run inside the IJava-like loader: what it displayed. */
    private static List<Object> gpumem(URLClassLoader ijava, Object notebookVariables, List<List<String>> calls) throws Exception {
        Class<?> memory = ijava.loadClass("dev.gpumagics.GpuMemory");
        Class<?> release = ijava.loadClass("dev.gpumagics.release.MemoryRelease");
        Class<?> variables = ijava.loadClass("dev.gpumagics.vars.NotebookVariables");
        Object engine = memory.getMethod("forThisProcess").invoke(null);
        Object scanned = release.getMethod("of", variables).invoke(null, notebookVariables);
        List<Object> shown = new ArrayList<>();
        Consumer<Object> display = shown::add;
        Object magic = ijava.loadClass("dev.gpumagics.command.GpuMemMagic")
                .getConstructor(memory, release, Consumer.class).newInstance(engine, scanned, display);
        for (List<String> args : calls) {
            magic.getClass().getMethod("execute", List.class).invoke(magic, args);
        }
        return shown;
    }

    /** The application/json part of a display made inside that loader. */
    private static Object json(URLClassLoader ijava, Object display) throws Exception {
        Class<?> mime = ijava.loadClass("io.github.spencerpark.jupyter.kernel.display.mime.MIMEType");
        return display.getClass().getMethod("getData", mime).invoke(display, mime.getField("APPLICATION_JSON").get(null));
    }

    @Test
    void gpumemRunsWithGson285() throws Exception {
        try (URLClassLoader ijava = ijavaLoader()) {
            Object none = ijava.loadClass("dev.gpumagics.vars.NotebookVariables").getMethod("none").invoke(null);

            List<Object> shown = gpumem(ijava, none, List.of(List.of("--json"), List.of("--vars")));

            assertEquals(3, shown.size());
            Object json = json(ijava, shown.get(0));
            assertEquals("com.google.gson.JsonObject", json.getClass().getName());
            assertTrue(json.toString().contains("\"host\""), json.toString());
        }
    }

    /**
     * {@code %gpumem --json --vars} over Gson 2.8.5: a variable whose walk stops early (no libtorch
     * needed, so none is loaded twice), and the variables' JSON for every kind of cell the table has.
     */
    @Test
    void gpumemJsonVarsRunsWithGson285() throws Exception {
        try (URLClassLoader ijava = ijavaLoader()) {
            Class<?> map = ijava.loadClass("dev.gpumagics.vars.MapVariables");
            Object vars = map.getConstructor().newInstance();
            map.getMethod("put", String.class, String.class, Object.class).invoke(vars, "deep", "Object[]", GpuMemMagicTest.nestedArrays(20));

            List<Object> shown = gpumem(ijava, vars, List.of(List.of("--json", "--vars", "--no-procs")));

            assertEquals(1, shown.size());
            Object json = json(ijava, shown.get(0));
            assertEquals("com.google.gson.JsonObject", json.getClass().getName());
            assertTrue(json.toString().contains("\"rows\":[{\"name\":\"deep\",\"type\":\"Object[]\""), json.toString());
            assertTrue(json.toString().contains("\"truncated\":true,\"truncatedBy\":[\"depthLimit\"]"), json.toString());

            Class<?> holding = ijava.loadClass("dev.gpumagics.vars.VariableHolding");
            Object x = holding.getConstructors()[0].newInstance("x", "Tensor", List.of("cuda:0"), List.of("float32"),
                    List.of(2L, 3L), 1, 24L, 0L, List.of("y"), true, java.util.Set.of());
            Class<?> holdings = ijava.loadClass("dev.gpumagics.vars.Holdings");
            Object all = holdings.getConstructors()[0].newInstance(List.of(x), java.util.Map.of(), java.util.Map.of(),
                    java.time.Duration.ofMillis(5));
            Object tree = ijava.loadClass("dev.gpumagics.report.VariablesReport").getMethod("json", holdings).invoke(null, all);
            assertEquals("com.google.gson.JsonObject", tree.getClass().getName());
            assertTrue(tree.toString().contains("\"devices\":[\"cuda:0\"],\"dtypes\":[\"float32\"],\"shape\":[2,3]"), tree.toString());
            assertTrue(tree.toString().contains("\"sharedWith\":[\"y\"]"), tree.toString());
        }
    }

    /** Gson 2.8.5 has {@code disableHtmlEscaping} too: the JSON text keeps an apostrophe as it is there as well. */
    @Test
    void jsonTextIsUnescapedWithGson285() throws Exception {
        try (URLClassLoader ijava = ijavaLoader()) {
            Class<?> tree = ijava.loadClass("com.google.gson.JsonObject");
            Object hint = tree.getConstructor().newInstance();
            tree.getMethod("addProperty", String.class, String.class).invoke(hint, "hint", "the libraries' workspaces <= 2 GiB & more");
            String text = (String) ijava.loadClass("dev.gpumagics.report.JsonReport").getMethod("text", tree).invoke(null, hint);
            assertEquals("{\n  \"hint\": \"the libraries' workspaces <= 2 GiB & more\"\n}", text);
        }
    }
}
