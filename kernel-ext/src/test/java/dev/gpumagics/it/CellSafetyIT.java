package dev.gpumagics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Careless cells through Debian's jupyter_client (careless_cells.py): an exit in a cell, runaway recursion,
 * a use after %gpufree, files that are not jars, a file that loads itself. Each gets one clear error, the
 * variables stay, and the kernel answers the next cell without being restarted.
 */
class CellSafetyIT {

    @TempDir
    static Path work;
    static JsonObject session;

    @BeforeAll
    static void runSession() throws Exception {
        Jupyter jupyter = Jupyter.install(work);
        session = jupyter.python(work, "careless_cells.py", Jupyter.KERNEL, work.toString()).getAsJsonObject();
    }

    private static JsonObject cell(String key) {
        JsonObject cell = session.getAsJsonObject(key);
        assertFalse(cell.has("restarted"), key + ": the kernel died or went deaf and had to be restarted: " + cell);
        return cell;
    }

    private static JsonObject output(String key, String type) {
        for (JsonElement output : cell(key).getAsJsonArray("outputs")) {
            if (output.getAsJsonObject().get("type").getAsString().equals(type)) {
                return output.getAsJsonObject();
            }
        }
        throw new AssertionError("no " + type + " output in " + key + ": " + cell(key));
    }

    private static String value(String key) {
        return output(key, "execute_result").get("text").getAsString();
    }

    /** The cell's error, which must be exactly one line. */
    private static String oneLineError(String key) {
        assertEquals("error", cell(key).get("status").getAsString(), key + ": " + cell(key));
        JsonArray traceback = output(key, "error").getAsJsonArray("traceback");
        assertEquals(1, traceback.size(), key + " says one line: " + traceback);
        String line = traceback.get(0).getAsString();
        assertFalse(line.contains("\n"), line);
        return line;
    }

    @Test
    void anExitInACellIsRefusedInOneLineAndTheVariablesStay() {
        Map<String, String> calls = Map.of(
                "system_exit", "System.exit(3)",
                "runtime_exit", "Runtime.exit(4)",
                "runtime_halt", "Runtime.halt(5)",
                "exit_in_lambda", "System.exit(6)",
                "exit_by_method_reference", "System.exit(7)",
                "exit_in_method", "System.exit(0)");
        calls.forEach((key, call) -> {
            String line = oneLineError(key);
            assertTrue(line.contains(call), key + " names the call: " + line);
            assertTrue(line.contains("restart the kernel"), key + " says how to restart on purpose: " + line);
            assertTrue(cell(key).get("alive").getAsBoolean(), key);
        });
        assertEquals("done\n", output("exit_in_method", "stream").get("text").getAsString(), "what ran before the exit ran");
        assertEquals("7", value("after_system_exit"));
        assertEquals("8", value("after_exits"));
        assertEquals("2", value("last"));
    }

    @Test
    void aStackOverflowTracebackSaysHowOftenItsFramesRepeat() {
        JsonObject error = output("stack_overflow", "error");
        assertEquals("java.lang.StackOverflowError", error.get("ename").getAsString());
        List<String> lines = new ArrayList<>();
        error.getAsJsonArray("traceback").forEach(line -> lines.add(line.getAsString()));
        assertTrue(lines.size() <= 5, "a few lines, not " + lines.size());
        assertEquals("\tat down, declared in the notebook", lines.get(1), lines.toString());
        assertTrue(lines.get(2).matches("\t\\[the frame above repeats [\\d,]+ more times\\]"), lines.toString());
    }

    @Test
    void aNullVariableIsNamedAndOnlyAFreedOneIsSaidToBeFreed() {
        String plain = output("plain_npe", "error").get("evalue").getAsString();
        assertEquals("Cannot invoke \"String.length()\" because variable plain is null", plain);
        String freed = output("use_after_free", "error").get("evalue").getAsString();
        assertEquals("Cannot invoke \"org.bytedeco.pytorch.Tensor.numel()\" because variable uaf is null"
                + " (its tensors were freed by %gpufree)", freed);
        assertFalse(output("use_after_free", "error").get("traceback").toString().contains("REPL."));
    }

    @Test
    void aBadMagicInALoadedFileIsOneLineNamingTheFileAndLine() {
        String line = oneLineError("load_bad_magic");
        assertTrue(line.startsWith(work.resolve("bad-magic.jshell") + ", line 2: unknown option --bogus. Usage: %gpufree"), line);
        String ename = output("load_bad_magic", "error").get("ename").getAsString();
        assertFalse(ename.contains("$") || ename.contains("MagicFailure"), ename);
        assertEquals("1", value("after_load_bad_magic"), "the lines before the bad one ran");
    }

    @Test
    void jarsRefusesWhatIsNotAJarOrFolderAndChangesNothing() {
        Map<String, String> refused = Map.of(
                "jars_passwd", "/etc/passwd",
                "jars_fifo", work.resolve("pipe.jar").toString(),
                "jars_truncated", work.resolve("truncated.jar").toString(),
                "jars_text", work.resolve("notes.jar").toString(),
                "jars_dev_zero", "/dev/zero",
                "jars_good_and_bad", work.resolve("notes.jar").toString());
        refused.forEach((key, path) -> {
            String line = oneLineError(key);
            assertTrue(line.startsWith("%jars: " + path + " "), key + ": " + line);
        });
        assertTrue(cell("jars_fifo").get("seconds").getAsDouble() < 10, "a named pipe is not opened: " + cell("jars_fifo"));
        String listed = output("jars_listed", "display_data").get("text").getAsString();
        assertTrue(listed.contains("pytorch-2.10.0-1.5.13.jar"), listed);
        for (String name : List.of("passwd", "pipe.jar", "truncated.jar", "notes.jar", "zero", "whole.jar")) {
            assertFalse(listed.contains(name), name + " was not added: " + listed);
        }
        assertEquals("14", value("after_jars"), "JShell still compiles after the refusals");
    }

    @Test
    void loadSaysADirectoryIsOneAndStopsAFileThatLoadsItself() {
        assertEquals("%load: " + work + " is a directory, not a file", oneLineError("load_directory"));
        String itself = oneLineError("load_itself");
        assertTrue(itself.contains(work.resolve("self.jshell") + " loads itself"), itself);
        assertEquals("8", value("after_load_itself"));
    }

    @Test
    void anEmptyOptionValueIsTheSameErrorAsAMissingOne() {
        assertEquals(oneLineError("keep_missing"), oneLineError("keep_empty"));
        assertTrue(oneLineError("keep_empty").startsWith("--keep needs a value."), oneLineError("keep_empty"));
    }

    @Test
    void aVariableThatFillsTheHeapIsSaidToAndHowToFreeIt() {
        String text = output("free_hog", "display_data").get("text").getAsString();
        assertFalse(text.contains("holds no tensor"), text);
        assertTrue(text.contains("153 MiB") && text.contains("Java heap"), text);
        assertTrue(text.contains("hog = null"), text);
    }
}
