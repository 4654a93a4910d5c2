package dev.gpumagics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The installed kernel, driven by Debian's jupyter_client (kernel_session.py) and a raw forging client. */
class KernelIT {

    @TempDir
    static Path work;
    static Jupyter jupyter;
    static JsonObject session;

    @BeforeAll
    static void runSession() throws Exception {
        jupyter = Jupyter.install(work);
        session = jupyter.python(work, "kernel_session.py", Jupyter.KERNEL).getAsJsonObject();
    }

    private static JsonObject cell(String key) {
        return session.getAsJsonObject(key);
    }

    private static JsonObject firstOutput(String key, String type) {
        for (JsonElement output : cell(key).getAsJsonArray("outputs")) {
            if (output.getAsJsonObject().get("type").getAsString().equals(type)) {
                return output.getAsJsonObject();
            }
        }
        throw new AssertionError("no " + type + " output in " + cell(key));
    }

    @Test
    void expressionsAndPrintsShow() {
        assertEquals("2", firstOutput("one_plus_one", "execute_result").get("text").getAsString());
        assertEquals("hello from java\n", firstOutput("print", "stream").get("text").getAsString());
    }

    @Test
    void errorsCarryTheRealExceptionAndTheKernelGoesOn() {
        JsonObject error = firstOutput("throws", "error");
        assertEquals("java.lang.IllegalStateException", error.get("ename").getAsString());
        assertEquals("boom", error.get("evalue").getAsString());
        assertEquals("[\"java.lang.IllegalStateException: boom\",\"\\tat fail, declared in the notebook\",\"\\tat the cell\"]",
                error.get("traceback").toString());
        assertEquals("42", firstOutput("after_throw", "execute_result").get("text").getAsString());
    }

    @Test
    void aMagicsUsageErrorIsOneLine() {
        JsonArray traceback = firstOutput("usage_error", "error").getAsJsonArray("traceback");
        assertEquals(1, traceback.size());
        assertTrue(traceback.get(0).getAsString().startsWith("unknown option --no-such-option"), traceback.toString());
        assertEquals("[\"no magic named %nosuchmagic\"]", firstOutput("unknown_magic", "error").get("traceback").toString());
    }

    @Test
    void gpumemIsRegisteredAndSaysWhatThereIs() {
        String text = firstOutput("gpumem", "display_data").get("text").getAsString();
        assertTrue(text.startsWith("GPU memory at "), text);
        assertTrue(text.contains("Host: JVM heap"), text);
    }

    @Test
    void torchFromMavenIsTheTorchTheMagicsReach() {
        assertEquals("gpumagics-notebook 6 true true", firstOutput("torch", "execute_result").get("text").getAsString());
        JsonObject nativeError = firstOutput("torch_native_error", "error");
        assertEquals("java.lang.RuntimeException", nativeError.get("ename").getAsString());
        assertTrue(nativeError.get("evalue").getAsString().startsWith("mat1 and mat2 shapes cannot be multiplied"), nativeError.toString());
        assertEquals("12", firstOutput("after_native_error", "execute_result").get("text").getAsString());
        assertTrue(firstOutput("classpath", "display_data").get("text").getAsString().contains("pytorch-2.10.0-1.5.13-linux-x86_64.jar"));
    }

    @Test
    void interruptStopsARunawayCell() {
        JsonObject error = session.getAsJsonObject("interrupted").getAsJsonArray("outputs").get(0).getAsJsonObject();
        assertEquals("java.lang.InterruptedException", error.get("ename").getAsString());
        assertEquals("still here", firstOutput("after_interrupt", "execute_result").get("text").getAsString());
    }

    @Test
    void completionInspectionAndIsComplete() {
        assertTrue(session.getAsJsonObject("complete").getAsJsonArray("matches").toString().contains("\"max(\""));
        assertTrue(session.getAsJsonObject("inspect").get("found").getAsBoolean());
        assertEquals("incomplete", session.getAsJsonObject("is_complete_open").get("status").getAsString());
        assertEquals("complete", session.getAsJsonObject("is_complete_done").get("status").getAsString());
    }

    @Test
    void headerDatesHaveMicrosecondsAndStartingIsSaid() {
        Pattern iso = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00");
        long nonZeroFraction = 0;
        for (JsonElement date : cell("one_plus_one").getAsJsonArray("dates")) {
            assertTrue(iso.matcher(date.getAsString()).matches(), date.toString());
            nonZeroFraction += date.getAsString().contains(".000000") ? 0 : 1;
        }
        assertTrue(nonZeroFraction > 0, "dates carry sub-second precision: " + cell("one_plus_one"));
        assertEquals("starting", session.getAsJsonArray("statuses_at_start").get(0).getAsString(), session.get("statuses_at_start").toString());
    }

    @Test
    void bindsOnlyWhereTheConnectionFileSays() {
        assertEquals("127.0.0.1", session.get("connection_ip").getAsString());
        JsonArray listening = session.getAsJsonArray("listening");
        assertEquals(5, listening.size(), listening.toString());
        for (JsonElement socket : listening) {
            String address = socket.getAsJsonObject().get("address").getAsString();
            assertTrue(address.equals("0100007F") || address.equals("0000000000000000FFFF00000100007F"),
                    "listens on loopback only: " + socket);
        }
    }

    @Test
    void memoryStaysBoundedOverAThousandCells() {
        assertFalse(session.has("memory_cell_failed"), String.valueOf(session.get("memory_cell_failed")));
        JsonObject rss = session.getAsJsonObject("rss_mb");
        double at200 = rss.get("200").getAsDouble();
        double at1000 = rss.get("1000").getAsDouble();
        // libtorch is loaded in this kernel (about 200 MB of natives); what matters is the growth
        assertTrue(at1000 - at200 < 100, "RSS grew from " + at200 + " MB to " + at1000 + " MB over 800 cells");
    }

    /**
     * Each of those 1,000 cells is an expression, which JShell keeps as a {@code $N} temporary: kept all,
     * the kernel's CPU per cell grew 5.1x from the second hundred to the tenth (36 to 185 ms, 2026-12-01);
     * with those that hold nothing dropped, 1.6x. CPU time, not the round trip: other builds on the machine
     * stretch the round trip more than the kernel's own work.
     */
    @Test
    void aCellCostsLittleMoreAfterAThousandCellsThanAfterAHundred() {
        JsonObject cost = session.getAsJsonObject("cell_cost");
        double early = cost.getAsJsonObject("101-200").get("cpu_ms_per_cell").getAsDouble();
        double late = cost.getAsJsonObject("901-1000").get("cpu_ms_per_cell").getAsDouble();
        assertTrue(late < 2.5 * early, "CPU per cell grew from " + early + " ms (cells 101-200) to " + late
                + " ms (cells 901-1000): " + cost);
    }

    /**
     * JShell compiles every snippet with an import of each live declaration, so a {@code 1+1} costs more the more variables
     * a notebook declared; how much more is the JVM options' doing. The kernel's CPU per {@code 1+1} with 1,000 variables
     * declared against 20, under the kernelspec's options: RATIO_BOUND's measurement is in its comment.
     */
    @Test
    void aOnePlusOneCostsLittleMoreWithAThousandVariablesDeclaredThanWithTwenty() {
        assertFalse(session.has("declaration_failed"), String.valueOf(session.get("declaration_failed")));
        JsonObject declared = session.getAsJsonObject("one_plus_one_with_declared");
        double at20 = declared.getAsJsonObject("20").get("cpu_ms_per_trip").getAsDouble();
        double at1000 = declared.getAsJsonObject("1000").get("cpu_ms_per_trip").getAsDouble();
        assertTrue(at1000 < DECLARED_RATIO_BOUND * at20, "1+1 took " + at20 + " ms of kernel CPU with 20 variables declared and "
                + at1000 + " ms with 1,000: " + declared);
    }

    /**
     * Measured 2026-12-08 at load 4 to 11 (docs/BENCHMARKS.md), after the same 1,000 expression cells as here: 2.1x under
     * these options and 7.3x under the ones before them (SerialGC, a fixed 16 MiB young generation, C1 only), two kernels
     * in lockstep; in this test under these options 4.1x once (16 against 64 ms), and under 2.5x another time.
     */
    private static final double DECLARED_RATIO_BOUND = 5.5;

    @Test
    void aBadlySignedExecuteRequestIsNotExecuted() throws Exception {
        Path marker = work.resolve("forged-request-ran");
        JsonObject seen = jupyter.python(work, "hmac_attack.py", Jupyter.KERNEL, marker.toString()).getAsJsonObject();
        assertEquals("ok", seen.get("status").getAsString(), "the kernel still answers its real client");
        assertEquals("[\"false\"]", seen.get("outputs").toString());
        assertFalse(Files.exists(marker));
    }

    @Test
    void theKernelExitsWhenItsParentDiesAndStaysQuiet() throws Exception {
        Path connection = work.resolve("orphan.json");
        Files.writeString(connection, """
                {"shell_port": 0, "iopub_port": 0, "stdin_port": 0, "control_port": 0, "hb_port": 0,
                 "ip": "127.0.0.1", "key": "k", "transport": "tcp", "signature_scheme": "hmac-sha256"}
                """.replace("\"shell_port\": 0, \"iopub_port\": 0, \"stdin_port\": 0, \"control_port\": 0, \"hb_port\": 0",
                ports()));
        Path err = work.resolve("orphan.err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process parent = new ProcessBuilder("bash", "-c", "'" + java + "' -jar '" + jupyter.jar + "' kernel '" + connection
                + "' 2>'" + err + "' & echo $!; wait").start();
        long kernelPid = Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(parent.getInputStream())).readLine().strip());
        ProcessHandle kernel = ProcessHandle.of(kernelPid).orElseThrow();
        Thread.sleep(3000);
        assertTrue(kernel.isAlive(), "the kernel started");
        parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (kernel.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        boolean orphanLived = kernel.isAlive();
        kernel.destroyForcibly();
        assertFalse(orphanLived, "the kernel exits once its parent is gone");
        assertEquals("", Files.readString(err), "nothing on stderr at start and exit");
    }

    private static String ports() throws Exception {
        List<String> names = List.of("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port");
        StringBuilder json = new StringBuilder();
        for (String name : names) {
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                json.append(json.length() == 0 ? "" : ", ").append('"').append(name).append("\": ").append(socket.getLocalPort());
            }
        }
        return json.toString();
    }
}
