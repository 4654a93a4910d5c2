package dev.gpumagics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idle courtesy through Debian's jupyter_client (idle_session.py), on a kernelspec installed with
 * {@code --env GPUMAGICS_IDLE_RELEASE=2s} and libtorch's CPU build: the whole release path runs on real tensors.
 */
class IdleIT {

    private static final String KERNEL = "gpumagics-idle-it";
    private static final Pattern RELEASED = Pattern.compile("released (\\d+(?:\\.\\d+)?) MiB of host memory at \\d\\d:\\d\\d");

    @TempDir
    static Path work;
    static JsonObject session;

    @BeforeAll
    static void runSession() throws Exception {
        Jupyter jupyter = Jupyter.install(work);
        Jupyter.Result installed = jupyter.java(work, "install", "--user", "--name", KERNEL, "--display-name", "GpuMagics idle IT",
                "--env", "GPUMAGICS_IDLE_RELEASE=2s");
        assertEquals(0, installed.exit(), installed.toString());
        session = jupyter.python(work, "idle_session.py", KERNEL).getAsJsonObject();
    }

    private static JsonArray outputs(String cell) {
        assertEquals("ok".equals(session.getAsJsonObject(cell).get("status").getAsString()), !cell.equals("bad"), cell + ": " + session.get(cell));
        return session.getAsJsonObject(cell).getAsJsonArray("outputs");
    }

    private static String first(String cell) {
        return outputs(cell).get(0).getAsJsonObject().get("text").getAsString();
    }

    private static String last(String cell) {
        JsonArray all = outputs(cell);
        return all.get(all.size() - 1).getAsJsonObject().get("text").getAsString();
    }

    @Test
    void theKernelspecsReleaseTimeIsThePolicy() {
        String status = first("status");
        assertTrue(status.startsWith("gpuidle: release 2s: after 2s idle, this kernel releases libtorch's cache"), status);
        assertTrue(status.contains("this kernel's record for the others: "), status);
    }

    @Test
    void aTensorDroppedButNotCollectedIsReleasedWhileIdleAndTheNextCellSaysSoFirst() {
        String line = first("after_drop");
        assertTrue(line.startsWith("while idle for 4."), line);
        Matcher released = RELEASED.matcher(line);
        assertTrue(released.find(), line);
        assertTrue(Double.parseDouble(released.group(1)) >= 64, "at least half the 128 MiB tensor left the process (RSS): " + line);
        assertEquals("2", last("after_drop"), "then the cell's own value");
        assertEquals(2, outputs("after_drop").size());
    }

    @Test
    void aBackgroundThreadThatKeepsComputingHoldsTheReleaseBackUntilItStops() {
        String held = first("stop_spin");
        assertTrue(held.startsWith("while idle for 4.") && held.contains(": gave nothing back, since thread \"trainer\" was computing ("), held);
        assertFalse(held.contains("released"), held);
        Matcher released = RELEASED.matcher(first("after_spin"));
        assertTrue(released.find() && Double.parseDouble(released.group(1)) >= 64, "released once it stopped: " + first("after_spin"));
    }

    @Test
    void aSuspendStepWithNoDriverSaysWhyItParkedNothing() {
        String set = first("with_suspend");
        assertTrue(set.endsWith("\nthe suspend step cannot park anything here: no NVIDIA driver (libcuda.so.1 is not on the library path)"), set);
        String told = first("after_suspend");
        assertTrue(told.contains(", could not park at "), told);
        assertEquals("6", last("after_suspend"));
    }

    @Test
    void badInputIsOneLineAndOffSaysNothingMore() {
        String bad = last("bad");
        assertTrue(bad.contains("release: '10x' is not an idle time: write 30s, 10m or 2h"), bad);
        assertEquals(1, outputs("bad").size(), outputs("bad").toString());
        assertEquals(1, outputs("after_off").size(), "only its value: " + outputs("after_off"));
        assertEquals("8", last("after_off"));
    }
}
