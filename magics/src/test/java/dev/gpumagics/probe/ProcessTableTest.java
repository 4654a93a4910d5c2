package dev.gpumagics.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpumagics.internal.CommandRunner;
import dev.gpumagics.probe.value.Probed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTableTest {

    /** Made by nss/add-nss-only-user.sh (test resources), which .ci/run runs as root. */
    private static final String NSS_ONLY_USER = "gpumagics-nss";

    @Test
    void identifiesThisProcessFromTheRealProc() {
        ProcessIdentity self = ProcessTable.system().identify(ProcessHandle.current().pid());
        assertTrue(self.visible());
        assertEquals(Optional.of(System.getProperty("user.name")), self.user());
        assertTrue(self.command().orElseThrow().contains("java"), self.command().toString());
    }

    @Test
    void aPidNotInProcIsListedAsNotVisible() {
        ProcessIdentity ghost = ProcessTable.system().identify(Integer.MAX_VALUE);
        assertFalse(ghost.visible());
        assertEquals(Integer.MAX_VALUE, ghost.pid());
        assertEquals(List.of(), ProcessTable.system().arguments(Integer.MAX_VALUE));
        assertEquals(Optional.empty(), ProcessTable.system().lifetimeId(Integer.MAX_VALUE));
    }

    @Test
    void aNameAndACommandLineThatAreNotUtf8StillShow(@TempDir Path dir) throws Exception {
        try (NonUtf8Process odd = NonUtf8Process.start(dir)) {
            ProcessTable table = ProcessTable.system();
            ProcessIdentity who = table.identify(odd.pid());
            // status and stat carry the name \xff\xfebash: a strict UTF-8 read of either fails
            assertEquals(Optional.of(System.getProperty("user.name")), who.user());
            assertEquals(Optional.of(String.join(" ", NonUtf8Process.ARGUMENTS)), who.command());
            assertEquals(NonUtf8Process.ARGUMENTS, table.arguments(odd.pid()));
            assertTrue(table.lifetimeId(odd.pid()).isPresent(), "its start time, past the name in /proc/PID/stat");
            assertFalse(table.environment(odd.pid()).isEmpty(), "its environment, ours to read");
        }
    }

    @Test
    void unnamedUidsStayNumbersAndLongCommandsAreCut(@TempDir Path dir) throws IOException {
        Path pid = Files.createDirectories(dir.resolve("proc/77"));
        Files.writeString(pid.resolve("status"), "Name:\tpython\nUid:\t1234\t1234\t1234\t1234\n");
        Files.write(pid.resolve("cmdline"), ("python\0" + "x".repeat(300) + "\0").getBytes());
        // the folder is this test's user's, not uid 1234's: no name is borrowed from another uid
        ProcessIdentity who = new ProcessTable(dir.resolve("proc")).identify(77);
        assertEquals(Optional.of("uid 1234"), who.user());
        assertEquals(200, who.command().orElseThrow().length());
        assertTrue(who.command().orElseThrow().startsWith("python xxx") && who.command().orElseThrow().endsWith("..."));
        assertEquals(Optional.of(1234L), new ProcessTable(dir.resolve("proc")).owner(77));
    }

    /**
     * A user that only the system's user database knows (as LDAP and SSSD users are; here Debian's libnss-extrausers),
     * not /etc/passwd, is named by a real process of that user. Making the user and starting a process as another uid
     * need root: as root, or with passwordless sudo, this test does both; else it skips, saying so.
     */
    @Test
    void aUserKnownOnlyToTheSystemsUserDatabaseIsNamed() throws Exception {
        long ownUid = ProcessTable.system().owner(ProcessHandle.current().pid()).orElseThrow();
        boolean root = ownUid == 0;
        boolean sudo = !root && CommandRunner.run(List.of("sudo", "-n", "true"), Duration.ofSeconds(10))
                instanceof CommandRunner.Outcome.Finished finished && finished.exitCode() == 0;
        assumeTrue(root || sudo, "making a user known only to NSS and starting a process as that user needs root or"
                + " passwordless sudo; this test runs as uid " + ownUid + " with neither");
        List<String> asRoot = root ? List.of() : List.of("sudo", "-n");
        if (passwdEntry().isEmpty()) {
            Path setup = Path.of(ProcessTableTest.class.getResource("/nss/add-nss-only-user.sh").toURI());
            assertEquals(Probed.present(""), CommandRunner.stdout(command(asRoot, "bash", setup.toString()), Duration.ofSeconds(30)));
        }
        String entry = passwdEntry().orElseThrow(() -> new AssertionError("getent passwd " + NSS_ONLY_USER + " finds nothing"));
        assertTrue(Files.readAllLines(Path.of("/etc/passwd")).stream().noneMatch(line -> line.startsWith(NSS_ONLY_USER + ":")),
                NSS_ONLY_USER + " must not be in /etc/passwd, or this shows nothing of NSS");
        long uid = Long.parseLong(entry.split(":")[2]);

        Process started = new ProcessBuilder(command(asRoot, "setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                "sleep", "30")).redirectErrorStream(true).start();
        Optional<Long> pid = Optional.empty();
        try {
            pid = Optional.of(processOf(started, uid));
            assertEquals(Optional.of(NSS_ONLY_USER), ProcessTable.system().identify(pid.get()).user());
        } finally {
            if (!root && pid.isPresent()) {
                // sudo cannot pass SIGKILL on: its child, another user's process, is ended through sudo too
                CommandRunner.run(List.of("sudo", "-n", "kill", "-KILL", Long.toString(pid.get())), Duration.ofSeconds(10));
            }
            started.destroyForcibly().waitFor();
        }
    }

    private static List<String> command(List<String> prefix, String... command) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(List.of(command));
        return all;
    }

    private static Optional<String> passwdEntry() {
        return CommandRunner.stdout(List.of("getent", "passwd", NSS_ONLY_USER), Duration.ofSeconds(10)).asOptional()
                .map(String::strip).filter(line -> !line.isEmpty());
    }

    /** The process itself (root: setpriv execs sleep) or, under sudo, its descendant that runs as {@code uid}. */
    private static long processOf(Process started, long uid) throws InterruptedException {
        ProcessTable table = ProcessTable.system();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Long> found = Stream.concat(Stream.of(started.toHandle()), started.toHandle().descendants())
                    .map(ProcessHandle::pid).filter(pid -> table.owner(pid).equals(Optional.of(uid))).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no process of uid " + uid + " appeared under " + started.pid());
    }
}
