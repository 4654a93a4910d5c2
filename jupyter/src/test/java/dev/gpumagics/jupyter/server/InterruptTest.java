package dev.gpumagics.jupyter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.gpumagics.jupyter.ConnectionFile;
import dev.gpumagics.jupyter.wire.Message;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Interrupting a cell that prints faster than its client reads, over real ZeroMQ. */
class InterruptTest {

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
    void theInterruptedCellsTextNotYetSentIsDroppedAndOneNoteSaysHowMuch() throws Exception {
        Message spew = client.send(client.shell, "execute_request", TestClient.execute("spew", false));
        Thread.sleep(1000); // the client reads nothing meanwhile
        client.send(client.control, "interrupt_request", new JsonObject());
        assertEquals("interrupt_reply", client.reply(client.control).type());
        List<Message> published = client.untilIdle(spew, Duration.ofSeconds(30));
        List<String> texts = published.stream().filter(m -> m.type().equals("stream"))
                .map(m -> m.contentObject().get("text").getAsString()).collect(Collectors.toList());
        String last = texts.get(texts.size() - 1);
        assertTrue(last.matches("(?s)\\n\\[output cut by the interrupt: [\\d,]+ more bytes \\([\\d,]+ lines\\) were not sent\\]\\n"), last);
        assertTrue(texts.stream().limit(texts.size() - 1).allMatch(t -> t.matches("(s{99}\\n)*")), "what was sent is whole lines");
        assertTrue(texts.stream().noneMatch(t -> t.contains("printed after the interrupt")));

        Message after = client.send(client.shell, "execute_request", TestClient.execute("print 2", false));
        assertEquals(200, client.untilIdle(after, Duration.ofSeconds(30)).stream().filter(m -> m.type().equals("stream"))
                .mapToInt(m -> m.contentObject().get("text").getAsString().length()).sum(), "the next cell's text is sent whole");
    }

    @Test
    void anInterruptWhileNoCellRunsDropsNothingLater() throws Exception {
        Message first = client.send(client.shell, "execute_request", TestClient.execute("print 1", false));
        client.untilIdle(first, Duration.ofSeconds(30));
        client.send(client.control, "interrupt_request", new JsonObject());
        client.reply(client.control);
        Message after = client.send(client.shell, "execute_request", TestClient.execute("print 3", false));
        assertEquals(300, client.untilIdle(after, Duration.ofSeconds(30)).stream().filter(m -> m.type().equals("stream"))
                .mapToInt(m -> m.contentObject().get("text").getAsString().length()).sum());
    }
}
