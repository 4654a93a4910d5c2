package dev.gpumagics.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Careless cells on a real JShell and real libtorch CPU tensors, without Jupyter (CellSafetyIT does the
 * same through a Jupyter client): each gets one clear error and the notebook goes on.
 */
class CellSafetyTest {

    private static GpuMagicsKernel kernel;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        kernel = new GpuMagicsKernel(NotebookShell.start());
        kernel.run("int keep = 7;");
    }

    @AfterAll
    static void stop() {
        kernel.shutdown(false);
    }

    private static ErrorReport failure(String cell) {
        return ErrorReport.of(assertThrows(RuntimeException.class, () -> kernel.run(cell)));
    }

    private static String oneLine(String cell) {
        List<String> traceback = failure(cell).traceback();
        assertEquals(1, traceback.size(), cell + " says one line: " + traceback);
        return traceback.get(0);
    }

    private static Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void everyWayACellCanCallAnExitIsRefusedAndTheNotebookGoesOn() {
        List<String> cells = List.of(
                "System.exit(0)",
                "Runtime.getRuntime().exit(1)",
                "Runtime.getRuntime().halt(2)",
                "Runnable r = () -> System.exit(3);\nr.run();",
                "java.util.function.IntConsumer c = System::exit;\nc.accept(4);",
                "java.util.function.IntConsumer h = Runtime.getRuntime()::halt;\nh.accept(5);",
                "java.util.function.ObjIntConsumer<Runtime> u = Runtime::exit;\nu.accept(Runtime.getRuntime(), 6);",
                "class Tool { static void main(String... args) { System.exit(7); } }\nTool.main();");
        for (String cell : cells) {
            ErrorReport report = failure(cell);
            assertEquals("dev.gpumagics.kernel.ExitRefusedException", report.ename(), cell);
            assertEquals(1, report.traceback().size(), cell);
            assertTrue(report.evalue().endsWith("was not run: it would end the kernel and lose every variable."
                    + " To start afresh on purpose, restart the kernel from Jupyter (Kernel > Restart)."), report.evalue());
        }
        assertEquals(7, kernel.run("keep").value());
        Object shown = kernel.run("class Leaver { public String toString() { System.exit(8); return \"\"; } }\nnew Leaver()").value();
        ErrorReport rendering = ErrorReport.of(assertThrows(ExitRefusedException.class, shown::toString));
        assertEquals(List.of("System.exit(8) was not run: it would end the kernel and lose every variable."
                + " To start afresh on purpose, restart the kernel from Jupyter (Kernel > Restart)."), rendering.traceback(),
                "an exit while the kernel shows a value is refused alike");
    }

    @Test
    void anExitRefusedInAThreadEndsOnlyThatThreadAndCanBeCaughtAsASecurityException() {
        assertEquals("ExitRefusedException", kernel.run("""
                var seen = new java.util.concurrent.atomic.AtomicReference<Throwable>();
                Thread t = new Thread(() -> System.exit(0));
                t.setUncaughtExceptionHandler((thread, e) -> seen.set(e));
                t.start();
                t.join();
                seen.get().getClass().getSimpleName()""").value());
        assertEquals("caught", kernel.run("String said; try { System.exit(1); said = \"no\"; } catch (SecurityException e) { said = \"caught\"; }\nsaid").value());
        assertInstanceOf(NullPointerException.class, assertThrows(NotebookShell.UserException.class,
                () -> kernel.run("Runtime none = null;\nnone.exit(0);")).getCause(), "the receiver is still checked");
    }

    @Test
    void runawayRecursionIsFoldedToHowOftenItsFramesRepeat() {
        ErrorReport report = failure("int deeper(int n) { return deeper(n + 1); }\ndeeper(0)");
        assertEquals("java.lang.StackOverflowError", report.ename());
        assertEquals(List.of("java.lang.StackOverflowError", "\tat deeper, declared in the notebook",
                "\t[the frame above repeats 1,023 more times]", "\t[the JVM kept only the innermost 1,024 frames]"),
                report.traceback());
    }

    @Test
    void aNullVariableIsNamedAndSaidToBeFreedOnlyWhileGpufreeIsWhyItIsNull() {
        assertEquals("Cannot invoke \"String.length()\" because variable none is null",
                failure("String none = null;\nnone.length()").evalue());
        kernel.run("var gone = org.bytedeco.pytorch.global.torch.ones(2, 3);");
        kernel.run("%gpufree gone");
        assertEquals("Cannot invoke \"org.bytedeco.pytorch.Tensor.numel()\" because variable gone is null"
                + " (its tensors were freed by %gpufree)", failure("gone.numel()").evalue());
        assertEquals("Cannot invoke \"org.bytedeco.pytorch.Tensor.numel()\" because variable gone is null"
                + " (its tensors were freed by %gpufree)", failure("long count() { return gone.numel(); }\ncount()").evalue(),
                "also from a method the notebook declared");
        kernel.run("gone = org.bytedeco.pytorch.global.torch.ones(1);");
        kernel.run("gone = null;");
        assertEquals("Cannot invoke \"org.bytedeco.pytorch.Tensor.numel()\" because variable gone is null",
                failure("gone.numel()").evalue(), "set to null by the notebook since");
        assertEquals("Cannot invoke \"Object.toString()\" because the return value of \"nothing()\" is null",
                failure("Object nothing() { return null; }\nnothing().toString()").evalue());
    }

    @Test
    void aBadMagicInALoadedFileNamesTheFileAndLineEvenThroughAnotherFile() throws IOException {
        Path inner = write("inner.jshell", "int innerRan = 1;\n\n%gpumem --bogus\n");
        Path outer = write("outer.jshell", "int outerRan = 1;\n%load " + inner + "\n");
        ErrorReport report = failure("%load " + outer);
        assertEquals(List.of(outer + ", line 2: " + inner + ", line 3: unknown option --bogus. Usage: %gpumem [--device N] [--json]"
                + " [--no-procs] [--vars]"), report.traceback());
        assertEquals("MagicUsageException", report.ename());
        assertEquals(2, kernel.run("outerRan + innerRan").value(), "what came before the bad line ran");
        assertEquals("CompilationError", failure("%load " + write("broken.jshell", "int x = \"text\";\n")).ename(),
                "a file's Java errors are the notebook's, as before");
    }

    @Test
    void loadRefusesADirectoryAPipeAndAFileThatLoadsItself() throws Exception {
        assertEquals("%load: " + dir + " is a directory, not a file", oneLine("%load " + dir));
        Path pipe = dir.resolve("cells.pipe");
        assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertEquals(
                "%load: " + pipe + " is not a regular file (a device, a named pipe or a socket)", oneLine("%load " + pipe)));
        Path self = write("self.jshell", "int selfRan = 1;\n%load " + dir.resolve("self.jshell") + "\n");
        assertEquals(self + ", line 2: %load: " + self + " loads itself; it was not loaded again", oneLine("%load " + self));
        Path ping = dir.resolve("ping.jshell");
        Path pong = write("pong.jshell", "%load " + ping + "\n");
        write("ping.jshell", "%load " + pong + "\n");
        assertEquals(ping + ", line 1: " + pong + ", line 1: %load: " + ping + " loads itself (through 2 files); it was not loaded again",
                oneLine("%load " + ping));
        assertEquals(8, kernel.run("selfRan + keep").value());
        Path leaf = write("leaf.jshell", "leaves++;\n");
        kernel.run("int leaves = 0;");
        kernel.run("%load " + write("fine.jshell", "%load " + leaf + "\n%load " + leaf + "\n"));
        assertEquals(2, kernel.run("leaves").value(), "a file may load another, and the same one twice in a row");
    }

    @Test
    void jarsRefusesWhatIsNotAReadableJarOrFolderAndAddsNothing() throws Exception {
        Path good = dir.resolve("good.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(good))) {
            zip.putNextEntry(new ZipEntry("notes/readme.txt"));
            zip.write("x".repeat(4000).getBytes());
        }
        byte[] whole = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("truncated.jar"), java.util.Arrays.copyOf(whole, whole.length / 2));
        Path text = write("text.jar", "not a jar\n");
        Path pipe = dir.resolve("pipe.jar");
        assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.copy(good, lib.resolve("a.jar"));
        Files.copy(text, lib.resolve("b.jar"));
        List<Path> before = kernel.shell().classLoader().addedPaths();

        assertEquals("%jars: /etc/passwd is not a jar (zip END header not found); nothing was added", oneLine("%jars /etc/passwd"));
        assertEquals("%jars: " + truncated + " is not a jar (zip END header not found); nothing was added", oneLine("%jars " + truncated));
        assertEquals("%jars: " + text + " is not a jar (zip END header not found); nothing was added", oneLine("%jars " + text));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertEquals("%jars: " + pipe
                + " is neither a jar nor a folder (a device, a named pipe or a socket); nothing was added", oneLine("%jars " + pipe)));
        assertEquals("%jars: /dev/zero is neither a jar nor a folder (a device, a named pipe or a socket); nothing was added",
                oneLine("%jars /dev/zero"));
        assertEquals("%jars: " + text + " is not a jar (zip END header not found); nothing was added", oneLine("%jars " + good + " " + text));
        assertEquals("%jars: " + lib.resolve("b.jar") + " is not a jar (zip END header not found); nothing was added", oneLine("%jars " + lib));
        assertEquals("%jars: nothing matches " + dir.resolve("missing.jar"), oneLine("%jars " + dir.resolve("missing.jar")));

        assertEquals(before, kernel.shell().classLoader().addedPaths(), "nothing was added");
        assertEquals(14, kernel.run("keep * 2").value(), "JShell still compiles");
        kernel.run("%jars " + good);
        assertTrue(kernel.shell().classLoader().addedPaths().contains(good), "a real jar is added");
        assertEquals(15, kernel.run("keep * 2 + 1").value());
        assertFalse(kernel.shell().classLoader().addedPaths().contains(text));
    }
}
