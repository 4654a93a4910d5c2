package dev.gpumagics.jupyter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import dev.gpumagics.jupyter.ConnectionFile;
import dev.gpumagics.jupyter.wire.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Run All: a frontend queues every cell's execute_request at once. The Jupyter messaging spec ("Messaging in Jupyter",
 * section Execute: {@code stop_on_error} "aborts the execution queue if an exception is encountered"; section
 * Request-Reply: a reply's status may be {@code aborted}) and ipykernel 6.17 ({@code Kernel._abort_queues}): the
 * requests already waiting when a cell fails get {@code {"status": "aborted"}} without running, every other kind of
 * request is answered, and the kernel takes requests as before once those are answered.
 */
class StopOnErrorTest {

    private final ScriptedKernel kernel = new ScriptedKernel();
    private KernelServer server;
    private TestClient client;

    @BeforeEach
    void start() throws Exception {
        server = KernelServer.start(ConnectionFile.loopbackAnyPorts("test-key"), kernel, OutputLimits.DEFAULT);
        kernel.attach(server);
        client = new TestClient(server.connection());
        client.awaitSubscribed();
    }

    @AfterEach
    void stop() {
        server.stop();
        client.close();
    }

    private static JsonObject execute(String code, boolean stopOnError) {
        JsonObject content = TestClient.execute(code, false);
        content.addProperty("stop_on_error", stopOnError);
        return content;
    }

    /** Sends each request at once, then reads a reply per request: its type and status, in the order they came. */
    private List<String> queued(List<Message> requests) {
        requests.forEach(request -> client.sendFrames(client.shell, client.codec.encode(request)));
        List<String> replies = new ArrayList<>();
        for (Message request : requests) {
            Message reply = client.reply(client.shell);
            assertEquals(request.id(), TestClient.parentId(reply), "replies come in the order of the requests");
            replies.add(reply.type() + " " + reply.contentObject().get("status").getAsString());
            client.untilIdle(request, Duration.ofSeconds(30)); // every request, aborted ones too, is framed by busy and idle
        }
        return replies;
    }

    @Test
    void afterAFailedCellTheQueuedCellsAreAbortedAndOtherRequestsAnswered() {
        List<String> replies = queued(List.of(
                client.message("execute_request", execute("fail later", true)),
                client.message("execute_request", execute("second", true)),
                client.message("kernel_info_request", new JsonObject()),
                client.message("execute_request", execute("third", true))));
        assertEquals(List.of("execute_reply error", "execute_reply aborted", "kernel_info_reply ok", "execute_reply aborted"), replies);
        assertEquals(1, kernel.executed.get(), "the aborted cells did not run");

        client.send(client.shell, "execute_request", execute("later", true));
        Message later = client.reply(client.shell);
        assertEquals("ok", later.contentObject().get("status").getAsString(), "a request sent after the abort runs");
        assertEquals(2, later.contentObject().get("execution_count").getAsInt(), "aborted cells took no number");
    }

    @Test
    void withoutStopOnErrorTheQueuedCellsRun() {
        List<String> replies = queued(List.of(
                client.message("execute_request", execute("fail later", false)),
                client.message("execute_request", execute("second", false)),
                client.message("execute_request", execute("third", false))));
        assertEquals(List.of("execute_reply error", "execute_reply ok", "execute_reply ok"), replies);
        assertEquals(3, kernel.executed.get());
    }
}
