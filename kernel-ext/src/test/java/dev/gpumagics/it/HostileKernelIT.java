package dev.gpumagics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Misbehaving cells and hostile messages, each probe on a fresh installed kernel, through Debian's
 * jupyter_client and raw ZeroMQ (hostile_session.py). docs/KERNEL.md's table says what basekernel
 * 2.3.0 does with each.
 */
class HostileKernelIT {

    @TempDir
    static Path work;
    static JsonObject seen;

    @BeforeAll
    static void probe() throws Exception {
        Jupyter jupyter = Jupyter.install(work);
        seen = jupyter.python(work, "hostile_session.py", Jupyter.KERNEL, work.toString()).getAsJsonObject();
    }

    private static JsonObject probe(String name) {
        JsonObject probe = seen.getAsJsonObject(name);
        assertFalse(probe.has("probe_failed"), name + ": " + probe);
        return probe;
    }

    private static String status(JsonObject cell) {
        return cell.get("status").getAsString();
    }

    private static String resultText(JsonObject cell) {
        for (JsonElement output : cell.getAsJsonArray("outputs")) {
            JsonObject o = output.getAsJsonObject();
            if (o.get("type").getAsString().equals("execute_result")) {
                return o.getAsJsonObject("data").get("text/plain").getAsString();
            }
        }
        throw new AssertionError("no result in " + cell);
    }

    @Test
    void anErrorWhileShowingAValueOrInAMagicIsTheCellsErrorAndTheKernelAnswersOn() {
        JsonObject errors = probe("errors");
        JsonObject overflow = errors.getAsJsonObject("render_overflow");
        assertEquals("error", status(overflow), overflow.toString());
        assertEquals("java.lang.StackOverflowError", overflow.get("ename").getAsString());
        assertTrue(errors.get("render_overflow_then").getAsBoolean(), "1+1 after the overflow");
        assertEquals("error", status(errors.getAsJsonObject("recursive_load")));
        assertTrue(errors.get("recursive_load_then").getAsBoolean(), "1+1 after a %load of itself");
        for (String cell : new String[] {"fake_jar", "after_fake_jar", "after_fake_jar_then"}) {
            assertFalse(status(errors.getAsJsonObject(cell)).equals("no reply"), cell + ": " + errors.get(cell));
        }
    }

    @Test
    void garbledOrShortMessagesDoNotSwallowTheNextRequest() {
        assertEquals("[true,true,true,true,true]", probe("garbled").get("answered_after_each").toString());
    }

    @Test
    void aReplayedSignedRequestIsRefused() {
        JsonObject replay = probe("replay");
        assertEquals("ok", replay.get("first_reply").getAsString());
        assertFalse(replay.get("second_reply").getAsBoolean(), "no reply to the copy");
        assertEquals("1", replay.get("replayed").getAsString(), "the request ran once");
    }

    @Test
    void interruptStopsAValueThatNeverFinishesShowing() {
        JsonObject probe = probe("render_interrupt");
        JsonObject cell = probe.getAsJsonObject("looping_tostring");
        assertEquals("error", status(cell), cell.toString());
        assertEquals("java.lang.InterruptedException", cell.get("ename").getAsString());
        assertTrue(probe.get("then").getAsBoolean());
    }

    @Test
    void showingAValueHasATimeAndASizeLimitAndSaysSo() {
        JsonObject probe = probe("render_limits");
        String slow = resultText(probe.getAsJsonObject("slow"));
        assertTrue(slow.contains("ran past the 10 s limit and was stopped"), slow);
        assertTrue(probe.get("huge_length").getAsInt() < 1_100_000, probe.get("huge_length").toString());
        assertTrue(probe.get("huge_tail").getAsString().contains("[cut: the value's text is 3,000,000 characters; the first 1,048,576 are shown]"),
                probe.get("huge_tail").getAsString());
        assertTrue(probe.get("then").getAsBoolean());
    }

    @Test
    void everyPrintedByteArrivesAndSoDoesIdle() {
        JsonObject output = probe("output");
        JsonObject fifty = output.getAsJsonObject("50000");
        assertEquals("ok", status(fifty));
        assertEquals(5_000_000, fifty.get("bytes").getAsLong());
        JsonObject fiveHundred = output.getAsJsonObject("500000");
        assertEquals("ok", status(fiveHundred));
        assertEquals(50_000_000, fiveHundred.get("bytes").getAsLong());
    }

    @Test
    void pastTheCellsCapOneNoteSaysHowMuchWasLeftOut() {
        JsonObject cap = probe("cap");
        assertEquals(1024 * 1024, cap.get("bytes").getAsLong());
        JsonArray notes = cap.getAsJsonArray("notes");
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).getAsString().contains("1,951,424 more bytes (19,515 lines) were left out; a cell shows at most 1 MiB"),
                notes.toString());
        assertTrue(cap.get("then").getAsBoolean());
    }

    @Test
    void shutdownWhileACellLoopsRepliesAndEndsTheProcess() {
        JsonObject shutdown = probe("shutdown_busy");
        assertEquals("ok", shutdown.getAsJsonObject("reply").get("status").getAsString());
        assertTrue(shutdown.get("exited").getAsBoolean(), shutdown.toString());
    }

    @Test
    void aClientReconnectingWithItsIdentityIsAnswered() {
        assertEquals("[true,true]", probe("reconnect").get("answered").toString());
    }

    @Test
    void requestsWithoutTheirFieldsGetAnErrorReplyAndNoStackTraceInTheLog() {
        JsonObject bad = probe("bad_content");
        for (String key : new String[] {"execute_no_code", "execute_null", "is_complete_no_code", "complete_null"}) {
            JsonObject reply = bad.getAsJsonObject(key);
            assertEquals("error", reply.get("status").getAsString(), key + ": " + reply);
            assertEquals("InvalidRequest", reply.get("ename").getAsString(), key + ": " + reply);
        }
        assertTrue(bad.get("then").getAsBoolean());
        String log = bad.get("stderr").getAsString();
        assertFalse(log.contains("SEVERE") || log.contains("\tat "), log);
    }

    @Test
    void cursorsPastTheEndOrBeforeTheStartAreClampedAndCountCodePoints() {
        JsonObject cursor = probe("cursor");
        JsonObject past = cursor.getAsJsonObject("complete_past_end");
        assertEquals("ok", past.get("status").getAsString(), past.toString());
        assertTrue(past.getAsJsonArray("matches").toString().contains("\"max(\""), past.toString());
        assertEquals("ok", cursor.getAsJsonObject("inspect_negative").get("status").getAsString());
        JsonObject emoji = cursor.getAsJsonObject("complete_after_emoji");
        assertEquals(cursor.get("emoji_code_points").getAsInt() - 2, emoji.get("cursor_start").getAsInt(), emoji.toString());
    }

    @Test
    void stdinIsOneLineWhereTheFrontendTakesNoInputAndAskedWhereItDoes() {
        JsonObject stdin = probe("stdin");
        JsonObject refused = stdin.getAsJsonObject("refused");
        assertTrue(refused.get("evalue").getAsString().startsWith("this frontend does not accept input"), refused.toString());
        JsonObject answered = stdin.getAsJsonObject("answered");
        assertEquals("9", resultText(answered), "\"forty-two\".length()");
        assertEquals(1, stdin.getAsJsonArray("asked").size());
        assertTrue(stdin.get("then").getAsBoolean());
    }
}
