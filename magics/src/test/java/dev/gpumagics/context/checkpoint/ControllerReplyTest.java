package dev.gpumagics.context.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.context.checkpoint.ControllerReply.Done;
import dev.gpumagics.context.checkpoint.ControllerReply.Failed;
import dev.gpumagics.context.checkpoint.ControllerReply.Refused;
import dev.gpumagics.context.checkpoint.ControllerReply.Step;
import dev.gpumagics.context.driver.CheckpointState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ControllerReplyTest {

    @Test
    void everyReplySurvivesItsOneLine() {
        List<ControllerReply> replies = List.of(
                new Done(CheckpointState.CHECKPOINTED, List.of(new Step("lock", 1200), new Step("checkpoint", 3_680_000_000L)),
                        OptionalLong.of(6_800_000_000L), OptionalLong.of(0)),
                new Done(CheckpointState.RUNNING, List.of(), OptionalLong.empty(), OptionalLong.empty()),
                new Done(CheckpointState.CHECKPOINTED, List.of(), OptionalLong.of(5L << 30), OptionalLong.of(0),
                        Optional.of(BytesPerDevice.of(Map.of(0, 4L << 30, 3, 1L << 30)))),
                new ControllerReply.NoRoom(new DeviceRoom(7, 1, 1L << 30, 3L << 30, 256L << 20)),
                new ControllerReply.NoHostRoom(new HostRoom(7, 8L << 30, true, 4L << 30, 9L << 30)),
                new Refused("process 7 is not suspended", "resume it first"),
                new Refused("no NVIDIA driver", ""),
                new Failed("checkpoint failed: out of memory (2)", Optional.of(CheckpointState.RUNNING)),
                new Failed("lock failed", Optional.empty()));
        for (ControllerReply reply : replies) {
            String line = reply.toLine();
            assertFalse(line.contains("\n"), line);
            assertEquals(reply, ControllerReply.parse(line), line);
        }
    }

    @Test
    void theLineIsJsonThatSaysWhatItIs() {
        assertEquals("{\"reply\":\"done\",\"state\":\"CHECKPOINTED\",\"steps\":[{\"name\":\"lock\",\"nanos\":1200}],\"deviceBytes\":42,"
                + "\"heldPerDevice\":{\"0\":42}}", new Done(CheckpointState.CHECKPOINTED, List.of(new Step("lock", 1200)),
                OptionalLong.of(42), OptionalLong.empty(), Optional.of(BytesPerDevice.of(Map.of(0, 42L)))).toLine());
        assertEquals("{\"reply\":\"refused\",\"reason\":\"process 7's <state>\",\"hint\":\"\"}", new Refused("process 7's <state>", "").toLine());
    }

    @Test
    void newlinesInAReasonCannotBreakTheLine() {
        Refused refused = new Refused("two\nlines", "and\ta tab");
        String line = refused.toLine();

        assertEquals(1, line.lines().count());
        assertEquals(refused, ControllerReply.parse(line), "carried exactly, escaped");
    }

    @Test
    void anythingElseIsAFailureThatQuotesIt() {
        for (String junk : List.of("", "hello", "done RUNNING bytes=x", "{\"reply\":\"done\",\"state\":\"NOWHERE\",\"steps\":[]}",
                "{\"reply\":\"failed\",\"reason\":\"x\",\"state\":\"SIDEWAYS\"}", "{\"reply\":\"noroom\",\"pid\":7}", "[1,2]", "{\"reply\":3}")) {
            Failed failed = assertInstanceOf(Failed.class, ControllerReply.parse(junk), junk);
            assertTrue(failed.reason().contains("'" + junk + "'"), failed.reason());
            assertEquals(Optional.empty(), failed.state());
        }
    }

    @Test
    void aRequestSurvivesItsArgumentAndAnythingElseIsNamed() {
        ControllerRequest resume = new ControllerRequest(ControllerRequest.Operation.RESUME, 42, 10_000,
                Optional.of(BytesPerDevice.of(Map.of(0, 1L << 30))));
        ControllerRequest state = new ControllerRequest(ControllerRequest.Operation.STATE, 42, 10_000, Optional.empty());

        assertEquals(resume, WireFormat.request(WireFormat.request(resume)));
        assertEquals(state, WireFormat.request(WireFormat.request(state)));
        for (String junk : List.of("resume", "{\"operation\":\"PARK\",\"pid\":1,\"lockTimeoutMillis\":1}", "{\"pid\":1}", "{}")) {
            assertThrows(IllegalArgumentException.class, () -> WireFormat.request(junk), junk);
        }
    }

    @Test
    void stepsAddUpByName() {
        Done done = new Done(CheckpointState.RUNNING, List.of(new Step("restore", 5), new Step("unlock", 7)),
                OptionalLong.empty(), OptionalLong.empty());

        assertEquals(5, done.nanosOf("restore"));
        assertEquals(7, done.nanosOf("unlock"));
        assertEquals(0, done.nanosOf("lock"));
    }
}
