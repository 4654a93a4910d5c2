package dev.gpumagics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpumagics.context.checkpoint.ProcessOwners;
import dev.gpumagics.idle.IdlePolicy;
import dev.gpumagics.neighbours.KernelRecord;
import dev.gpumagics.neighbours.KernelState;
import dev.gpumagics.neighbours.Publication;
import dev.gpumagics.neighbours.RecordShelf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code top} in a real terminal: a tmux session of its own, keys sent with send-keys and the screen read with
 * capture-pane. The one kernel on the screen is this test JVM, whose record is published as a kernel's is. However top
 * ends, by q, by Ctrl-C or by SIGTERM, the terminal's settings afterwards are those it had before (stty -a), and the
 * alternate screen is left.
 */
class TopIT {

    static final Path TMUX = Path.of("/usr/bin/tmux");
    static final String SOCKET = "gpumagics-top-" + ProcessHandle.current().pid();
    static final long SELF = ProcessHandle.current().pid();

    @TempDir
    static Path work;
    static Path jar;
    static boolean started;

    @BeforeAll
    static void aTerminalWithARecordToShow() throws Exception {
        if (!Files.isExecutable(TMUX)) {
            return;
        }
        jar = Path.of(System.getProperty("gpumagics.jar", "target/gpumagics.jar")).toAbsolutePath();
        Path parent = Files.createDirectories(work.resolve("shm"));
        RecordShelf shelf = new RecordShelf(parent, Path.of("/proc"), ProcessOwners.proc().ownUid());
        KernelRecord record = KernelRecord.builder(SELF, shelf.startIdentity(SELF).orElseThrow(), "GpuMagics").notebook("top-test.ipynb")
                .lastActivity(Instant.now().minus(Duration.ofSeconds(65))).state(KernelState.IDLE)
                .idlePolicy(new IdlePolicy(Optional.of(Duration.ofMinutes(10)), Optional.of(Duration.ofHours(2)))).build();
        assertTrue(shelf.publish(record) instanceof Publication.Published);
        tmux("-f", "/dev/null", "new-session", "-d", "-s", "top", "-x", "150", "-y", "30",
                "env", "GPUMAGICS_KERNELS_DIR=" + parent, "PS1=$ ", "TERM=xterm-256color", "bash", "--norc", "--noprofile");
        started = true;
    }

    @AfterAll
    static void endTheSession() throws Exception {
        if (started) {
            tmux("kill-server"); // our own server, on its own socket
        }
    }

    private static String tmux(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(TMUX.toString(), "-L", SOCKET));
        command.addAll(List.of(args));
        Jupyter.Result result = Jupyter.run(command, work, null);
        assertEquals(0, result.exit(), result.toString());
        return result.out();
    }

    private static String screen() throws Exception {
        return tmux("capture-pane", "-p", "-t", "top");
    }

    private static String await(Predicate<String> wanted, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String now = "";
        while (System.nanoTime() < deadline) {
            now = screen();
            if (wanted.test(now)) {
                return now;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + what + " on the screen in 60 s:\n" + now);
    }

    private static String flag(String name) throws Exception {
        return tmux("display-message", "-p", "-t", "top", "#{" + name + "}").strip();
    }

    /** Starts top in the shell with the terminal's settings written before and after, and waits for its first screen. */
    private static String startTop(String run) throws Exception {
        tmux("send-keys", "-t", "top", "clear; stty -a > " + work.resolve(run + "-before.txt") + "; java -jar " + jar + " top; echo " + run
                + "-exit=$?; stty -a > " + work.resolve(run + "-after.txt"), "Enter");
        return await(s -> s.contains("top-test.ipynb"), "row of this JVM's record");
    }

    private static void assertRestored(String run, int exit) throws Exception {
        await(s -> s.contains(run + "-exit=" + exit), run + "-exit=" + exit);
        await(s -> Files.exists(work.resolve(run + "-after.txt")), "settings written");
        Thread.sleep(200);
        assertEquals(Files.readString(work.resolve(run + "-before.txt")), Files.readString(work.resolve(run + "-after.txt")),
                run + ": the terminal's settings as they were");
        assertEquals("0", flag("alternate_on"), run + ": back from the alternate screen");
        assertEquals("1", flag("cursor_flag"), run + ": the cursor shown again");
    }

    private static String since(String screen) {
        Matcher row = Pattern.compile("\\n" + SELF + " +\\S+ +GpuMagics +top-test\\.ipynb +idle +(\\d+ min \\d\\d s) ").matcher(screen);
        assertTrue(row.find(), screen);
        return row.group(1);
    }

    @Test
    void theViewShowsTheKernelsRowAndRedrawsEverySecondThenQQuitsAndTheTerminalIsAsBefore() throws Exception {
        assumeTrue(started, "no " + TMUX + ": install Debian's tmux");
        String first = startTop("q");

        assertTrue(first.startsWith("GpuMagics kernels on "), first);
        assertTrue(first.contains("every 1 s (q quits)"), first);
        assertTrue(first.matches("(?s).*\\nPID +USER +KERNEL +NOTEBOOK +STATE +FOR +GPU MEMORY +CACHE +IDLE POLICY\\n.*"), first);
        assertTrue(first.contains(" release 10m, suspend 2h"), first);
        assertEquals("1", flag("alternate_on"), "drawn on the alternate screen");
        String before = since(first);
        String later = await(s -> s.contains("top-test.ipynb") && !since(s).equals(before), "redraw");
        assertNotEquals(before, since(later));
        assertFalse(later.contains("q-exit="), later);

        tmux("send-keys", "-t", "top", "q");
        assertRestored("q", 0);
    }

    @Test
    void ctrlCEndsItAndTheTerminalIsAsBefore() throws Exception {
        assumeTrue(started, "no " + TMUX + ": install Debian's tmux");
        startTop("int");
        tmux("send-keys", "-t", "top", "C-c");
        assertRestored("int", 130);
    }

    @Test
    void sigtermEndsItAndTheTerminalIsAsBefore() throws Exception {
        assumeTrue(started, "no " + TMUX + ": install Debian's tmux");
        startTop("term");
        long shell = Long.parseLong(flag("pane_pid"));
        ProcessHandle top = ProcessHandle.of(shell).orElseThrow().children()
                .filter(child -> child.info().command().orElse("").endsWith("/java")).findFirst().orElseThrow();
        assertTrue(top.destroy(), "SIGTERM sent to " + top.pid());
        assertRestored("term", 143);
    }
}
