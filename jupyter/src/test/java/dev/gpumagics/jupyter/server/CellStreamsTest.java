package dev.gpumagics.jupyter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gpumagics.jupyter.ConnectionFile;
import dev.gpumagics.jupyter.wire.Message;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Printed text as a client sees it, over real ZeroMQ. */
class CellStreamsTest {

    private final ScriptedKernel kernel = new ScriptedKernel();
    private KernelServer server;
    private TestClient client;

    @AfterEach
    void stop() {
        server.stop();
        client.close();
    }

    @Test
    void aCharacterWrittenInTwoPartsFarApartArrivesWhole() throws Exception {
        server = KernelServer.start(ConnectionFile.loopbackAnyPorts("test-key"), kernel, OutputLimits.DEFAULT);
        kernel.attach(server);
        client = new TestClient(server.connection());
        client.awaitSubscribed();
        Message request = client.send(client.shell, "execute_request", TestClient.execute("split", false));
        String text = client.untilIdle(request, Duration.ofSeconds(30)).stream().filter(m -> m.type().equals("stream"))
                .map(m -> m.contentObject().get("text").getAsString()).collect(Collectors.joining());
        assertEquals("\uD83D\uDE00", text); // U+1F600, not two U+FFFD
    }
}
