package dev.gpumagics.context.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.context.checkpoint.ControllerReply.Done;
import dev.gpumagics.context.checkpoint.ControllerReply.Failed;
import dev.gpumagics.context.checkpoint.ControllerReply.Refused;
import dev.gpumagics.context.checkpoint.ControllerReply.Step;
import dev.gpumagics.context.driver.CheckpointState;
import java.util.List;
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
                        BytesPerDevice.of(java.util.Map.of(0, 4L << 30, 3, 1L << 30))),
                new ControllerReply.NoRoom("GPU 0 has 1.00 GiB free", "resume when there is room"),
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
    void newlinesInAReasonCannotBreakTheLine() {
        String line = new Refused("two\nlines", "and\ta tab").toLine();

        assertEquals(1, line.lines().count());
        assertEquals(new Refused("two lines", "and a tab"), ControllerReply.parse(line));
    }

    @Test
    void anythingElseIsAFailureThatQuotesIt() {
        for (String junk : List.of("", "hello", "done NOWHERE", "done RUNNING bytes=x", "failed SIDEWAYS why")) {
            Failed failed = assertInstanceOf(Failed.class, ControllerReply.parse(junk), junk);
            assertTrue(failed.reason().contains("'" + junk + "'"), failed.reason());
            assertEquals(Optional.empty(), failed.state());
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
