package dev.gpumagics.jupyter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import dev.gpumagics.jupyter.ConnectionFile;
import dev.gpumagics.jupyter.wire.Message;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZMQ;

/**
 * Which input_reply answers which input_request, over raw ZeroMQ. The Jupyter messaging spec ("Messaging in Jupyter",
 * section Messages on the stdin ROUTER/DEALER channel) pairs a reply with its request by the reply's parent header;
 * jupyter_client's {@code input()} sends none, so a reply without one is taken only from the client asked, and only
 * after it was asked.
 */
class StdinRoutingTest {

    private static final Duration IDLE = Duration.ofSeconds(30);

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

    private Message answer(ZMQ.Socket socket, String value, JsonObject parentHeader) {
        JsonObject content = new JsonObject();
        content.addProperty("value", value);
        Message reply = client.message("input_reply", content);
        Message withParent = new Message(reply.identities(), reply.header(), parentHeader, reply.metadata(), reply.content(), reply.buffers());
        client.sendFrames(socket, client.codec.encode(withParent));
        return withParent;
    }

    /** Runs {@code read}, waits for its input_request, and returns it. */
    private Message asked(Message[] request) {
        request[0] = client.send(client.shell, "execute_request", TestClient.execute("read", true));
        Message ask = client.reply(client.stdin);
        assertEquals("input_request", ask.type());
        return ask;
    }

    private String result(Message request) {
        Message reply = client.reply(client.shell);
        assertEquals("ok", reply.contentObject().get("status").getAsString(), reply.content().toString());
        return client.untilIdle(request, IDLE).stream().filter(m -> m.type().equals("execute_result")).findFirst()
                .map(m -> m.contentObject().getAsJsonObject("data").get("text/plain").getAsString()).orElse("no result");
    }

    @Test
    void aReplyWithoutParentSentWhileNothingWasAskedIsNotTakenByTheNextInput() throws Exception {
        Message[] first = new Message[1];
        asked(first);
        client.send(client.control, "interrupt_request", new JsonObject());
        client.reply(client.control);
        assertEquals("error", client.reply(client.shell).contentObject().get("status").getAsString(), "the read was interrupted");
        client.untilIdle(first[0], IDLE);
        answer(client.stdin, "STALE", new JsonObject()); // as jupyter_client's input() sends it: no parent header
        Thread.sleep(200); // it has reached the kernel before the next cell asks

        for (int i = 1; i <= 3; i++) {
            Message[] next = new Message[1];
            asked(next);
            answer(client.stdin, "answer" + i, new JsonObject());
            assertEquals("read answer" + i, result(next[0]), "input " + i + " gets its own answer");
        }
    }

    @Test
    void aReplyNamingAnotherRequestIsIgnoredAndTheOneNamingThisRequestIsTaken() {
        Message[] request = new Message[1];
        Message ask = asked(request);
        JsonObject other = ask.header().deepCopy();
        other.addProperty("msg_id", "an-earlier-input-request");
        answer(client.stdin, "wrong", other);
        answer(client.stdin, "right", ask.header());
        assertEquals("read right", result(request[0]));
    }

    @Test
    void aReplyWithoutParentFromAnotherClientIsIgnored() throws Exception {
        Message[] request = new Message[1];
        asked(request);
        ZMQ.Socket stranger = client.dealer("someone-else", client.connection.stdinPort());
        answer(stranger, "stranger", new JsonObject());
        Thread.sleep(200);
        answer(client.stdin, "mine", new JsonObject());
        assertEquals("read mine", result(request[0]));
    }
}
