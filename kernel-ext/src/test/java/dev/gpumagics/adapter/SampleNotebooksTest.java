package dev.gpumagics.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpumagics.adapter.ijava.StandInIJava;
import dev.gpumagics.adapter.jjava.TestJJavaKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each sample notebook, cell by cell, in the IJava and JJava shapes ({@link StandInIJava},
 * {@link TestJJavaKernel}), unchanged but for the line that loads libtorch: torch is on these kernels'
 * classpath here, where a notebook in IJava or JJava would name the add-on's pom. Every cell must run,
 * and every magic line must show something. Our own kernel runs the same notebooks unchanged through
 * Jupyter in NotebooksIT.
 *
 * <p>Two lines are our kernel's only and are taken out too: {@code %gpuwatch} needs a kernel that says when each
 * cell starts and ends, and {@code %%nograd} one that runs every snippet on one thread it knows (libtorch's grad
 * mode is per thread); IJava and JJava do neither. There {@code %gpuwatch} answers with one line saying so
 * ({@link #theWatchLineSaysInOneLineWhereItWorks}); a {@code %%nograd} cell's code runs with gradients on.
 */
class SampleNotebooksTest {

    /** A kernel's way of running one cell. */
    private interface Cell {
        Object run(String cell) throws Exception;
    }

    static Stream<Path> notebooks() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("..", "notebooks"))) {
            return files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList().stream();
        }
    }

    /** A code cell; one tagged {@code raises-exception} fails on purpose, and Run All goes on past it. */
    record CodeCell(String source, boolean raisesException) {}

    /** The code cells, with the libtorch line, the one kernel-specific line, taken out. */
    static List<CodeCell> cells(Path notebook) throws Exception {
        JsonObject json = JsonParser.parseString(Files.readString(notebook)).getAsJsonObject();
        List<CodeCell> cells = new ArrayList<>();
        for (JsonElement cell : json.getAsJsonArray("cells")) {
            JsonObject c = cell.getAsJsonObject();
            if (!c.get("cell_type").getAsString().equals("code")) {
                continue;
            }
            JsonElement source = c.get("source");
            String text = source.isJsonArray()
                    ? java.util.stream.StreamSupport.stream(source.getAsJsonArray().spliterator(), false).map(JsonElement::getAsString).collect(Collectors.joining())
                    : source.getAsString();
            JsonElement tags = c.has("metadata") ? c.getAsJsonObject("metadata").get("tags") : null;
            boolean raises = tags != null && tags.isJsonArray()
                    && tags.getAsJsonArray().contains(new com.google.gson.JsonPrimitive("raises-exception"));
            cells.add(new CodeCell(text.lines().filter(line -> !line.strip().startsWith("%maven org.bytedeco:pytorch")
                    && !OUR_KERNELS_ONLY.matcher(line.strip()).lookingAt()).collect(Collectors.joining("\n")), raises));
        }
        return cells;
    }

    private static final boolean DRIVER = dev.gpumagics.internal.cuda.DriverLibraries.system()
            .has(dev.gpumagics.internal.cuda.DriverLibraries.Library.DRIVER);

    /** The lines only our kernel runs: the watch, and the no-grad cell magic's header. */
    static final java.util.regex.Pattern OUR_KERNELS_ONLY = java.util.regex.Pattern.compile("%gpuwatch(\\s|$)|%%nograd(\\s|$)");

    /** @param shown how many things the kernel's magics have shown so far */
    private static void runAll(Path notebook, Cell kernel, IntSupplier shown) throws Exception {
        List<CodeCell> cells = cells(notebook);
        assertTrue(cells.size() >= 5, notebook + " has its cells");
        for (CodeCell code : cells) {
            String cell = code.source();
            int before = shown.getAsInt();
            boolean failed = false;
            try {
                kernel.run(cell);
                // with a driver, a magic tagged for failing without a GPU (%gpususpend) may work
                if (code.raisesException() && !DRIVER) {
                    fail(notebook.getFileName() + ": the cell\n" + cell + "\nis tagged raises-exception but ran without one");
                }
            } catch (Exception e) {
                failed = true; // the failure is the magic's answer
                if (!code.raisesException()) {
                    fail(notebook.getFileName() + ": the cell\n" + cell + "\nfailed: " + e, e);
                }
            }
            long magicLines = cell.lines().filter(line -> line.strip().startsWith("%")).count();
            assertTrue(failed || shown.getAsInt() - before >= magicLines, notebook.getFileName() + ": each magic line of\n" + cell + "\nshowed its answer");
        }
    }

    @ParameterizedTest
    @MethodSource("notebooks")
    void runsInIJavasShape(Path notebook) throws Exception {
        try (StandInIJava ijava = StandInIJava.withTheAddOn()) {
            runAll(notebook, ijava::run, ijava.shown::size);
        }
    }

    @ParameterizedTest
    @MethodSource("notebooks")
    void runsInJJavasShape(Path notebook) throws Exception {
        try (TestJJavaKernel jjava = TestJJavaKernel.start()) {
            runAll(notebook, jjava::run, jjava.shown::size);
        }
    }

    @Test
    void theWatchLineSaysInOneLineWhereItWorks() throws Exception {
        try (StandInIJava ijava = StandInIJava.withTheAddOn()) {
            assertRefusedInOneLine(org.junit.jupiter.api.Assertions.assertThrows(Throwable.class, () -> ijava.run("%gpuwatch on")));
        }
        try (TestJJavaKernel jjava = TestJJavaKernel.start()) {
            assertRefusedInOneLine(org.junit.jupiter.api.Assertions.assertThrows(Throwable.class, () -> jjava.run("%gpuwatch on")));
        }
    }

    /** As the kernels show it: JShell's EvalException naming the refusal's class, with its one line. */
    private static void assertRefusedInOneLine(Throwable refused) {
        jdk.jshell.EvalException eval = (jdk.jshell.EvalException) refused;
        assertEquals(dev.gpumagics.adapter.jshell.MagicRefused.class.getName(), eval.getExceptionClassName());
        assertTrue(eval.getMessage().startsWith("%gpuwatch needs a kernel that tells GpuMagics when each cell starts and ends"),
                eval.getMessage());
        assertEquals(1, eval.getMessage().lines().count());
    }

    @Test
    void eachNotebookLoadsLibtorchInOneLine() throws Exception {
        for (Path notebook : notebooks().toList()) {
            long lines = Files.readString(notebook).split("%maven org.bytedeco:pytorch", -1).length - 1;
            assertEquals(1, lines, notebook + ": the one line that differs between kernels");
        }
    }
}
