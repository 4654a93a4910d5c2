package dev.gpumagics.jupyter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.gpumagics.jupyter.ConnectionFile;
import dev.gpumagics.jupyter.kernel.CellOutput;
import dev.gpumagics.jupyter.kernel.Completeness;
import dev.gpumagics.jupyter.kernel.Completion;
import dev.gpumagics.jupyter.kernel.ExecuteOutcome;
import dev.gpumagics.jupyter.kernel.ExecuteRequest;
import dev.gpumagics.jupyter.kernel.KernelInfo;
import dev.gpumagics.jupyter.kernel.LanguageKernel;
import dev.gpumagics.jupyter.kernel.MimeBundle;
import dev.gpumagics.jupyter.kernel.UsageReply;
import dev.gpumagics.jupyter.wire.Message;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** usage_request on the control channel, over real ZeroMQ: answered in ipykernel's fields, the kernel's own after them. */
class UsageRequestTest {

    /** The scripted kernel, saying its usage where it is given one. */
    record Usage(ScriptedKernel scripted, Optional<UsageReply> reply) implements LanguageKernel {
        @Override public KernelInfo info() { return scripted.info(); }
        @Override public ExecuteOutcome execute(ExecuteRequest request, CellOutput output) { return scripted.execute(request, output); }
        @Override public ExecuteOutcome evaluate(String expression) { return scripted.evaluate(expression); }
        @Override public Completion complete(String code, int cursor) { return scripted.complete(code, cursor); }
        @Override public Optional<MimeBundle> inspect(String code, int cursor, int detailLevel) { return scripted.inspect(code, cursor, detailLevel); }
        @Override public Completeness isComplete(String code) { return scripted.isComplete(code); }
        @Override public void interrupt() { scripted.interrupt(); }
        @Override public void shutdown(boolean restart) { scripted.shutdown(restart); }
        @Override public Optional<UsageReply> usage() { return reply; }
    }

    static UsageReply reply() {
        JsonObject extra = new JsonObject();
        extra.add("gpu", new JsonArray());
        return new UsageReply(Optional.of("gpu7"), 4242, 12.5, OptionalLong.of(150_000_000), OptionalDouble.empty(), 16,
                Map.of("total", 25_000_000_000L, "percent", 4.2), extra);
    }

    static Optional<Message> ask(LanguageKernel kernel, Duration wait) throws Exception {
        KernelServer server = KernelServer.start(ConnectionFile.loopbackAnyPorts("test-key"), kernel, OutputLimits.DEFAULT);
        try (TestClient client = new TestClient(server.connection())) {
            client.awaitSubscribed();
            client.send(client.control, "usage_request", new JsonObject());
            return client.receive(client.control, wait);
        } finally {
            server.stop();
        }
    }

    @Test
    void theReplyHasIpykernelsFieldsThenTheKernelsOwnAndLeavesAnUnknownFigureOut() throws Exception {
        Message reply = ask(new Usage(new ScriptedKernel(), Optional.of(reply())), Duration.ofSeconds(20)).orElseThrow();
        assertEquals("usage_reply", reply.type());
        JsonObject content = reply.contentObject();
        assertEquals("gpu7", content.get("hostname").getAsString());
        assertEquals(4242, content.get("pid").getAsLong());
        assertEquals(12.5, content.get("kernel_cpu").getAsDouble());
        assertEquals(150_000_000, content.get("kernel_memory").getAsLong());
        assertFalse(content.has("host_cpu_percent"), "nothing to compare with yet: left out, as ipykernel does");
        assertEquals(16, content.get("cpu_count").getAsInt());
        assertEquals(4.2, content.getAsJsonObject("host_virtual_memory").get("percent").getAsDouble());
        assertTrue(content.get("gpu").isJsonArray());
    }

    @Test
    void aKernelThatDoesNotSayLeavesItUnansweredAsBefore() throws Exception {
        assertEquals(Optional.empty(), ask(new Usage(new ScriptedKernel(), Optional.empty()), Duration.ofSeconds(2)));
    }
}
