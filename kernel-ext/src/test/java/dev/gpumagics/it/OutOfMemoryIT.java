package dev.gpumagics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Allocation failures through a real Jupyter client against a kernelspec installed with
 * {@code --env PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True}: the diagnosis follows the error on IOPub, as
 * text and HTML, also for a failure the cell wrapped in its own exception; other errors get none.
 */
class OutOfMemoryIT {

    private static final String KERNEL = "gpumagics-oom-it";

    @TempDir
    static Path work;
    static JsonObject session;

    @BeforeAll
    static void runSession() throws Exception {
        Jupyter jupyter = Jupyter.install(work);
        Jupyter.Result installed = jupyter.java(work, "install", "--user", "--name", KERNEL, "--display-name", "GpuMagics OOM IT",
                "--env", "PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True");
        assertEquals(0, installed.exit(), installed.toString());
        session = jupyter.python(work, "oom_session.py", KERNEL).getAsJsonObject();
    }

    private static JsonArray published(String cell) {
        return session.getAsJsonObject(cell).getAsJsonArray("published");
    }

    private static JsonObject message(String cell, int index) {
        return published(cell).get(index).getAsJsonObject();
    }

    @Test
    void theKernelspecsEnvironmentReachesTheKernel() {
        assertEquals("expandable_segments:True", message("env", 0).get("text").getAsString());
    }

    @Test
    void aWrappedAllocationFailureIsDiagnosedRightAfterTheErrorAsTextAndHtml() {
        JsonObject error = message("wrapped", 0);
        assertEquals("error", error.get("type").getAsString());
        assertEquals("java.lang.IllegalStateException", error.get("ename").getAsString());
        JsonObject diagnosis = message("wrapped", 1);
        assertEquals("display_data", diagnosis.get("type").getAsString());
        assertEquals("[\"text/html\",\"text/plain\"]", diagnosis.get("mime").toString());
        String text = diagnosis.get("text").getAsString();
        assertTrue(text.startsWith("Out of host memory: libtorch's CPU allocator was asked for 32.0 TiB.\n"), text);
        assertTrue(text.matches("(?s).*\\n      kept +Tensor +4\\.00 MiB   %gpufree kept\\n.*"), text);
        assertTrue(diagnosis.get("html").getAsString().contains("<code>%gpufree kept</code>"), diagnosis.toString());
        assertEquals(2, published("wrapped").size(), published("wrapped").toString());
    }

    @Test
    void otherErrorsGetNoDiagnosisAndGpuwhyWithoutAFailureShowsThePresentState() {
        assertEquals(1, published("plain_error").size(), published("plain_error").toString());
        assertTrue(message("why_before", 0).get("text").getAsString().startsWith("No allocation failure seen in this kernel"),
                published("why_before").toString());
    }

    @Test
    void gpuwhyJsonGivesTheLastFailureToScripts() {
        JsonObject json = message("why_json", 0).getAsJsonObject("json");
        JsonObject failure = json.getAsJsonObject("failure");
        assertEquals("cpuAllocator", failure.get("source").getAsString());
        assertEquals(1L << 45, failure.get("requestedBytes").getAsLong());
        assertEquals("java.lang.RuntimeException", failure.get("thrownAs").getAsString());
        assertEquals("kept", json.getAsJsonArray("causes").get(1).getAsJsonObject().getAsJsonArray("largest").get(0)
                .getAsJsonObject().get("name").getAsString());
        assertEquals("1048576", message("after", 0).get("text").getAsString(), "the kernel goes on");
    }
}
