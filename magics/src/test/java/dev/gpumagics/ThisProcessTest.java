package dev.gpumagics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gpumagics.context.ContextOutcome;
import dev.gpumagics.context.Refusal;
import dev.gpumagics.context.StillWaiting;
import dev.gpumagics.context.checkpoint.ControllerReply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ThisProcessTest {

    /** The kernel points System.err at the running cell for as long as it runs: the line must follow it there. */
    @Test
    void theWaitingLineGoesWhereStderrPointsWhenTheLineComes() {
        Consumer<StillWaiting> waiting = ThisProcess.toStderr();
        PrintStream kernelsOwn = System.err;
        ByteArrayOutputStream cell = new ByteArrayOutputStream();
        System.setErr(new PrintStream(cell, true, StandardCharsets.UTF_8));
        try {
            waiting.accept(new StillWaiting("cudart.cudaMemcpy (thread \"cell\")",
                    new ContextOutcome.Refused(new Refusal.ByController(new ControllerReply.Refused("no room yet", ""))), Duration.ofSeconds(5)));
        } finally {
            System.setErr(kernelsOwn);
        }
        assertEquals("GpuMagics: cudart.cudaMemcpy (thread \"cell\") called into a GPU library and waits, since this kernel's GPU state"
                + " is parked and cannot be resumed yet: no room yet. It is tried again every 5 s and goes on by itself once there is room."
                + System.lineSeparator(), cell.toString(StandardCharsets.UTF_8));
    }
}
