package dev.gpumagics.jupyter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gpumagics.jupyter.ConnectionFile;
import dev.gpumagics.jupyter.wire.Message;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A page for the frontend's pager and clear_output, as the Jupyter messaging spec carries them, over real ZeroMQ. */
class PagerAndClearTest {

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

    @Test
    void aPageIsThePayloadOfAnOkReplyWithSourcePage() {
        Message request = client.send(client.shell, "execute_request", TestClient.execute("page", false));
        Message reply = client.reply(client.shell);
        assertEquals("ok", reply.contentObject().get("status").getAsString());
        assertEquals("[{\"source\":\"page\",\"data\":{\"text/plain\":\"the documentation\"},\"start\":0}]",
                reply.contentObject().get("payload").toString());
        assertEquals(List.of("status", "execute_input", "status"),
                client.untilIdle(request, Duration.ofSeconds(30)).stream().map(Message::type).collect(Collectors.toList()),
                "nothing is shown in the cell");
    }

    @Test
    void clearOutputComesAfterTheTextPrintedBeforeIt() {
        Message request = client.send(client.shell, "execute_request", TestClient.execute("clear", false));
        List<Message> published = client.untilIdle(request, Duration.ofSeconds(30));
        assertEquals(List.of("status", "execute_input", "stream", "clear_output", "status"),
                published.stream().map(Message::type).collect(Collectors.toList()));
        assertEquals("{\"wait\":true}", published.get(3).content().toString());
    }
}
