package dev.gpumagics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.internal.CommandRunner.Ending;
import dev.gpumagics.internal.CommandRunner.Outcome;
import dev.gpumagics.probe.value.Probed;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one process runner, on real programs: limits, both streams, the interrupt flag, and a first line without the exit. */
class CommandRunnerTest {

    private static List<String> bash(String script) {
        return List.of("bash", "-c", script);
    }

    @Test
    void bothStreamsAreDrainedSoALoudProgramFinishes() {
        // 1 MiB on each stream: far beyond a pipe's 64 KiB, so a runner reading one stream only would stall it
        Outcome outcome = CommandRunner.run(bash("head -c 1048576 /dev/zero | tr '\\0' e >&2; head -c 1048576 /dev/zero | tr '\\0' o"),
                Duration.ofSeconds(30));

        Outcome.Finished finished = assertInstanceOf(Outcome.Finished.class, outcome);
        assertEquals(0, finished.exitCode());
        assertEquals(1 << 20, finished.stdout().length());
        assertEquals(1 << 20, finished.stderr().length());
    }

    @Test
    void aProgramPastItsLimitIsKilledAndSaidToBe() {
        long start = System.nanoTime();
        assertInstanceOf(Outcome.TimedOut.class, CommandRunner.run(bash("sleep 60"), Duration.ofMillis(300)));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos());
        assertEquals(Probed.unavailable("bash did not answer within 300 ms", ""), CommandRunner.stdout(bash("sleep 60"), Duration.ofMillis(300)));
    }

    @Test
    void failuresAreOneLineEach() {
        assertEquals(Probed.present("out\n"), CommandRunner.stdout(bash("echo out"), Duration.ofSeconds(10)));
        assertEquals(Probed.unavailable("bash failed (exit 3): first", ""),
                CommandRunner.stdout(bash("echo first >&2; echo second >&2; exit 3"), Duration.ofSeconds(10)));
        Probed<String> missing = CommandRunner.stdout(List.of("/nonexistent/tool"), Duration.ofSeconds(10));
        assertTrue(missing instanceof Probed.Unavailable<String> u && u.reason().startsWith("/nonexistent/tool could not start: "), missing.toString());
    }

    @Test
    void anInterruptedCallerKeepsItsFlag() {
        Thread.currentThread().interrupt();
        try {
            assertInstanceOf(Outcome.Interrupted.class, CommandRunner.run(bash("sleep 60"), Duration.ofSeconds(30)));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        Thread.currentThread().interrupt();
        try {
            assertInstanceOf(Outcome.Interrupted.class, CommandRunner.firstLine(bash("sleep 60"), Duration.ofSeconds(30), Ending.KILL));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theFirstLineIsTheAnswerWhetherTheProgramIsKilledOrLeftToExit() {
        Outcome.Answered killed = assertInstanceOf(Outcome.Answered.class,
                CommandRunner.firstLine(bash("echo answer; trap '' TERM; sleep 60"), Duration.ofSeconds(30), Ending.KILL));
        assertEquals("answer", killed.line());
        assertTrue(killed.gone().isPresent(), "SIGKILL ends even a program that ignores TERM");

        Outcome.Answered closed = assertInstanceOf(Outcome.Answered.class,
                CommandRunner.firstLine(bash("echo answer; cat > /dev/null"), Duration.ofSeconds(30), Ending.CLOSE_STDIN));
        assertEquals("answer", closed.line());
        assertTrue(closed.gone().isPresent(), "it exits by itself once its stdin is closed");

        Outcome.Silent silent = assertInstanceOf(Outcome.Silent.class,
                CommandRunner.firstLine(bash("echo why >&2; exit 1"), Duration.ofSeconds(30), Ending.KILL));
        assertEquals("why\n", silent.stderr());
    }
}
