package dev.gpumagics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a notebook trusts the kernel with, each probe on a fresh installed kernel, through Debian's jupyter_client,
 * nbclient and raw pyzmq (trust_probes.py). Where the Jupyter messaging spec ("Messaging in Jupyter") or ipykernel
 * 6.17 defines the behaviour, the test says which.
 */
class KernelTrustIT {

    @TempDir
    static Path work;
    static JsonObject seen;

    @BeforeAll
    static void probe() throws Exception {
        Jupyter jupyter = Jupyter.install(work);
        seen = jupyter.python(work, "trust_probes.py", Jupyter.KERNEL, work.toString()).getAsJsonObject();
    }

    private static JsonObject probe(String name) {
        JsonObject probe = seen.getAsJsonObject(name);
        assertFalse(probe.has("probe_failed"), name + ": " + probe);
        return probe;
    }

    private static JsonObject error(JsonObject cell) {
        for (JsonElement output : cell.getAsJsonArray("outputs")) {
            if (output.getAsJsonObject().get("type").getAsString().equals("error")) {
                return output.getAsJsonObject();
            }
        }
        throw new AssertionError("no error in " + cell);
    }

    private static void subscriberThatNeverReadsStallsNobody(String probe, long bytes) {
        JsonObject stuck = probe(probe);
        assertEquals("ok", stuck.get("status").getAsString(), stuck.toString());
        assertEquals(bytes, stuck.get("bytes").getAsLong(), "every byte reached the client that reads");
        assertEquals(JsonParser.parseString("[[\"later 0\\n\"],[\"later 1\\n\"],[\"later 2\\n\"]]"), stuck.get("later"),
                "the cells after it get their output");
    }

    @Test
    void anIoPubSubscriberWithAOneMessageQueueThatNeverReadsStallsNobody() {
        subscriberThatNeverReadsStallsNobody("stuck_hwm1", 20_000_000);
    }

    @Test
    void anIoPubSubscriberWithDefaultSettingsThatNeverReadsStallsNobody() {
        subscriberThatNeverReadsStallsNobody("stuck_default", 150_000_000);
    }

    /** The spec's Execute section: stop_on_error "aborts the execution queue if an exception is encountered". */
    @Test
    void runAllStopsAtTheFailingCellAndTheQueuedCellsAreAbortedAsInIpykernel() {
        JsonObject runAll = probe("run_all");
        assertEquals("[\"error\",\"aborted\",\"aborted\"]", runAll.get("stopped").toString());
        assertEquals("0", runAll.get("counter_after_stop").getAsString(), "the aborted cells did not run");
        assertEquals("[\"error\",\"ok\",\"ok\"]", runAll.get("went_on").toString(), "stop_on_error=False runs them");
        assertEquals("2", runAll.get("counter_after_going_on").getAsString());
    }

    @Test
    void nbclientStopsAtTheThirdCellAndAValueWhoseToStringIsNullValidates() {
        JsonObject run = probe("nbclient");
        assertEquals("CellExecutionError", run.get("raised").getAsString());
        assertFalse(run.get("fourth_ran").getAsBoolean(), "the fourth cell's side effect did not happen");
        assertEquals("ok", run.get("null_run").getAsString(), "a text/plain null failed nbformat's validation");
    }

    @Test
    void sigintInterruptsTheCellAndKeepsTheVariablesSigtermAndSighupStopTheKernel() {
        JsonObject signals = probe("signals");
        assertEquals("java.lang.InterruptedException", signals.getAsJsonObject("busy_int").get("ename").getAsString());
        assertEquals("7", signals.get("kept").getAsString(), "the variables stay");
        assertEquals("8", signals.get("idle_int_then").getAsString(), "SIGINT while idle changes nothing");
        assertEquals("error", signals.getAsJsonObject("busy_term").get("status").getAsString(),
                "SIGTERM stops the busy cell, and its reply is sent");
        assertEquals(143, signals.get("term_exit").getAsInt());
        assertEquals(129, signals.get("hup_exit").getAsInt());
    }

    @Test
    void whatJavacRefusesIsTheCellsErrorAndJShellKeepsCompiling() {
        JsonObject refusal = probe("refusal");
        String declared = refusal.getAsJsonObject("declared").get("evalue").getAsString();
        assertTrue(declared.startsWith("constant string too long: a string constant here is 70,000 characters"), declared);
        assertEquals("error", refusal.getAsJsonObject("expression").get("status").getAsString());
        assertEquals("2", refusal.get("then").getAsString(), "the cells after it compile");
        assertEquals("cannot find symbol", refusal.getAsJsonObject("big2").get("evalue").getAsString());
        assertEquals("code too large", refusal.getAsJsonObject("method").get("evalue").getAsString());
    }

    /** The spec's stdin section: an input_reply is matched to its input_request by its parent header. */
    @Test
    void eachInputGetsItsOwnAnswerAndAStaleStrangeOrMisaddressedReplyIsNotTaken() {
        JsonObject stdin = probe("stdin");
        assertEquals("error", stdin.get("first").getAsString(), "the interrupted input");
        assertEquals("[\"answer1\",\"answer2\",\"answer3\"]", stdin.get("answers").toString());
        assertEquals("the right one", stdin.get("hostile").getAsString());
    }

    @Test
    void aNullToStringIsTheTextNullAThrowingOnesTraceStopsAtTheNotebookAndASplitCharacterArrivesWhole() {
        JsonObject values = probe("values");
        JsonObject result = values.getAsJsonObject("null").getAsJsonArray("outputs").get(2).getAsJsonObject();
        assertEquals("{\"text/plain\":\"null\"}", result.get("data").toString());
        assertEquals("[\"java.lang.IllegalStateException: bad\",\"\\tat toString, declared in the notebook\"]",
                error(values.getAsJsonObject("throwing")).get("traceback").toString());
        assertEquals("\uD83D\uDE00", values.get("split").getAsString());
    }

    /** As ipykernel: each expression's value as a MIME bundle with status ok, or an error; none after a failed cell. */
    @Test
    void userExpressionsAreEvaluatedAndDefineNothing() {
        JsonObject probe = probe("user_expressions");
        JsonObject expressions = probe.getAsJsonObject("expressions");
        assertEquals(JsonParser.parseString("{\"status\":\"ok\",\"data\":{\"text/plain\":\"49\"},\"metadata\":{}}"),
                expressions.get("product"));
        assertEquals("error", expressions.getAsJsonObject("unknown").get("status").getAsString());
        assertEquals("error", expressions.getAsJsonObject("declares").get("status").getAsString());
        assertEquals("error", probe.get("z").getAsString(), "the declaration was not run");
        assertEquals("{}", probe.get("after_failure").toString());
    }

    @Test
    void suspendAndResetWithoutAGpuFailTheirCellInOneLine() {
        JsonObject magics = probe("refusing_magics");
        for (String cell : new String[] {"suspend", "reset"}) {
            JsonObject error = error(magics.getAsJsonObject(cell));
            JsonArray traceback = error.getAsJsonArray("traceback");
            assertEquals(1, traceback.size(), traceback.toString());
            assertTrue(traceback.get(0).getAsString().contains("no usable NVIDIA driver"), traceback.toString());
        }
        assertTrue(magics.get("then").getAsBoolean());
    }

    @Test
    void anInterruptOfEndlessOutputEndsTheCellWithOneNoteAndTheKernelAnswers() {
        JsonObject interrupt = probe("interrupt_output");
        assertEquals("error", interrupt.get("status").getAsString());
        JsonArray notes = interrupt.getAsJsonArray("notes");
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).getAsString().matches("(?s)\\n\\[output cut by the interrupt: [\\d,]+ more bytes \\([\\d,]+ lines\\) were not sent\\]\\n"),
                notes.toString());
        assertTrue(interrupt.get("then").getAsBoolean());
    }

    /** What docs/KERNEL.md says: a thread's text goes out with its cell's parent, also after idle, as ipykernel does. */
    @Test
    void aThreadsTextAfterItsCellEndedKeepsThatCellAsParent() {
        JsonObject background = probe("background_text");
        assertEquals(100, background.get("lines").getAsInt());
        assertTrue(background.get("in_order").getAsBoolean());
        assertTrue(background.get("parents_are_the_cell").getAsBoolean());
    }

    /** The spec's History section; the kernel's life is one session. */
    @Test
    void historyAnswersTheTailAndASearch() {
        JsonObject history = probe("history");
        assertEquals("[[1,3,\"String h2 = \\\"two\\\";\"],[1,4,\"h1 + 41\"]]", history.get("tail").toString());
        assertEquals("[[1,4,\"h1 + 41\"]]", history.get("search").toString());
    }
}
