package dev.gpumagics.jupyter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpumagics.jupyter.ConnectionFile;
import dev.gpumagics.jupyter.wire.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * history_request and user_expressions, as the Jupyter messaging spec ("Messaging in Jupyter", sections History and
 * Execute) and ipykernel 6.17 answer them, over raw ZeroMQ.
 */
class HistoryAndExpressionsTest {

    private final ScriptedKernel kernel = new ScriptedKernel();
    private KernelServer server;
    private TestClient client;

    @BeforeEach
    void start() throws Exception {
        server = KernelServer.start(ConnectionFile.loopbackAnyPorts("test-key"), kernel, OutputLimits.DEFAULT);
        kernel.attach(server);
        client = new TestClient(server.connection());
        client.awaitSubscribed();
        for (String code : new String[] {"alpha", "beta", "alpha", "gamma"}) {
            client.send(client.shell, "execute_request", TestClient.execute(code, false));
            client.reply(client.shell);
        }
        JsonObject silent = TestClient.execute("silent one", false);
        silent.addProperty("silent", true);
        client.send(client.shell, "execute_request", silent);
        client.reply(client.shell);
    }

    @AfterEach
    void stop() {
        server.stop();
        client.close();
    }

    private String history(String accessType, String... fields) {
        JsonObject content = new JsonObject();
        content.addProperty("hist_access_type", accessType);
        content.addProperty("raw", true);
        content.addProperty("output", false);
        for (int i = 0; i < fields.length; i += 2) {
            String value = fields[i + 1];
            if (value.matches("-?\\d+")) {
                content.addProperty(fields[i], Integer.parseInt(value));
            } else if (value.equals("true") || value.equals("false")) {
                content.addProperty(fields[i], Boolean.parseBoolean(value));
            } else {
                content.addProperty(fields[i], value);
            }
        }
        client.send(client.shell, "history_request", content);
        Message reply = client.reply(client.shell);
        assertEquals("ok", reply.contentObject().get("status").getAsString());
        return reply.contentObject().get("history").toString();
    }

    @Test
    void theTailIsTheLastCellsStoredInHistoryWithTheirNumbers() {
        assertEquals("[[1,3,\"alpha\"],[1,4,\"gamma\"]]", history("tail", "n", "2"));
        assertEquals("[[1,4,[\"gamma\",null]]]", history("tail", "n", "1", "output", "true"), "no output is kept, as ipykernel by default");
    }

    @Test
    void aRangeIsTheCellsFromStartToBeforeStopOfThisSession() {
        assertEquals("[[1,2,\"beta\"],[1,3,\"alpha\"]]", history("range", "session", "1", "start", "2", "stop", "4"));
        assertEquals("[[1,4,\"gamma\"]]", history("range", "session", "0", "start", "4"), "session 0 is the current one");
        assertEquals("[]", history("range", "session", "-1", "start", "1"), "earlier sessions are not kept");
    }

    @Test
    void aSearchMatchesTheWholeCodeByGlobUniqueAndLastN() {
        assertEquals("[[1,1,\"alpha\"],[1,3,\"alpha\"]]", history("search", "pattern", "al*"));
        assertEquals("[[1,3,\"alpha\"]]", history("search", "pattern", "al*", "unique", "true"));
        assertEquals("[[1,3,\"alpha\"],[1,4,\"gamma\"]]", history("search", "pattern", "*a", "n", "2"));
        assertEquals("[[1,2,\"beta\"]]", history("search", "pattern", "b?ta"));
        assertEquals("[]", history("search", "pattern", "a"), "a pattern matches the whole code");
    }

    @Test
    void userExpressionsAreEvaluatedAfterACellThatDidNotFail() {
        JsonObject content = TestClient.execute("cell", false);
        JsonObject expressions = new JsonObject();
        expressions.addProperty("shout", "hello");
        expressions.addProperty("broken", "fail");
        expressions.addProperty("odd", 3);
        content.add("user_expressions", expressions);
        client.send(client.shell, "execute_request", content);
        JsonObject answers = client.reply(client.shell).contentObject().getAsJsonObject("user_expressions");
        assertEquals(JsonParser.parseString("{\"status\": \"ok\", \"data\": {\"text/plain\": \"HELLO\"}, \"metadata\": {}}"),
                answers.get("shout"));
        assertEquals("error", answers.getAsJsonObject("broken").get("status").getAsString());
        assertEquals("Refused", answers.getAsJsonObject("broken").get("ename").getAsString());
        assertEquals("InvalidRequest", answers.getAsJsonObject("odd").get("ename").getAsString());

        JsonObject failing = TestClient.execute("overflow", false);
        failing.add("user_expressions", expressions);
        client.send(client.shell, "execute_request", failing);
        assertEquals("{}", client.reply(client.shell).contentObject().get("user_expressions").toString(),
                "after a failed cell none are evaluated, as ipykernel");
    }
}
