package dev.gpumagics.jupyter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.gpumagics.jupyter.ConnectionFile;
import dev.gpumagics.jupyter.wire.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Displays that update in place (display_data, then update_display_data with the same
 * {@code transient.display_id}), shown from a thread of the cell: in order with the cell's text, and never
 * after the cell's idle.
 */
class DisplayUpdateTest {

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

    private static String displayId(Message message) {
        JsonObject transientPart = message.contentObject().getAsJsonObject("transient");
        return transientPart.has("display_id") ? transientPart.get("display_id").getAsString() : "";
    }

    private static String plain(Message message) {
        return message.contentObject().getAsJsonObject("data").get("text/plain").getAsString();
    }

    @Test
    void oneDisplayThenItsUpdatesFromAnotherThreadEachAfterTheTextPrintedBeforeIt() {
        Message request = client.send(client.shell, "execute_request", TestClient.execute("live 40", false));
        List<Message> published = client.untilIdle(request, IDLE);
        List<String> displays = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int lastSampledBeforeUpdate = 0;
        for (Message message : published) {
            switch (message.type()) {
                case "display_data" -> {
                    assertEquals("live-view", displayId(message));
                    displays.add("display " + plain(message));
                }
                case "update_display_data" -> {
                    assertEquals("live-view", displayId(message));
                    int frame = Integer.parseInt(plain(message).substring("frame ".length()));
                    assertTrue(text.toString().contains("sampled " + frame + "\n"),
                            "frame " + frame + " came after the line its thread printed before it");
                    lastSampledBeforeUpdate = frame;
                    displays.add("update " + plain(message));
                }
                case "stream" -> text.append(message.contentObject().get("text").getAsString());
                default -> { }
            }
        }
        assertEquals(41, displays.size(), displays.toString());
        assertEquals("display frame 0", displays.get(0));
        for (int i = 1; i <= 40; i++) {
            assertEquals("update frame " + i, displays.get(i));
        }
        assertEquals(40, lastSampledBeforeUpdate);
        assertTrue(text.toString().contains("cell 199\n"), "the cell's own text arrives whole");
        assertEquals(40, text.toString().split("sampled ", -1).length - 1);
        assertEquals("execute_result", published.get(published.size() - 2).type(), "the value, then idle, come last");
    }

    @Test
    void aThreadThatOutlivesItsCellPublishesNothingAfterTheCellsIdle() throws Exception {
        Message request = client.send(client.shell, "execute_request", TestClient.execute("outlive", false));
        List<Message> published = client.untilIdle(request, IDLE);
        assertEquals(List.of("status", "execute_input", "display_data", "status"), published.stream().map(Message::type).toList(),
                "the first frame, shown while the cell ran");
        List<Message> after = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Message> next = client.receive(client.iopub, Duration.ofMillis(100));
            next.ifPresent(after::add);
        }
        assertEquals(List.of(), after.stream().map(Message::type).toList(), "nothing for the cell after its idle");
        Message next = client.send(client.shell, "execute_request", TestClient.execute("still answered", false));
        assertTrue(client.untilIdle(next, IDLE).stream().noneMatch(m -> m.type().contains("display")),
                "nor does the thread's output leak into the next cell");
    }
}
