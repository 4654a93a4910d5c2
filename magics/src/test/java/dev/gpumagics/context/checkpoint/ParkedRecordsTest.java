package dev.gpumagics.context.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParkedRecordsTest {

    private static final long SELF = ProcessHandle.current().pid();
    private static final BytesPerDevice HELD = BytesPerDevice.of(Map.of(0, 4L << 30, 2, 1L << 30));

    @TempDir
    Path dir;

    /** This JVM stands for the parked process: its real pid, this boot's id and its start time name the record. */
    private ParkedRecords real() {
        return ParkedRecords.inDirectory(dir.resolve("parked"), pid -> ParkedRecords.identity(Path.of("/proc"), pid));
    }

    @Test
    void aProcessIsKnownByThisBootAndItsStartTickWhateverItsCommandNameHolds() throws Exception {
        String self = ParkedRecords.identity(Path.of("/proc"), SELF).orElseThrow();
        assertEquals(Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip(), self.substring(0, self.lastIndexOf('-')));
        assertEquals(self, ParkedRecords.identity(Path.of("/proc"), SELF).orElseThrow(), "the same on every read");

        // a command name with spaces and parentheses: the start tick is read after the last ')'
        Path proc = dir.resolve("proc");
        Files.createDirectories(proc.resolve("sys/kernel/random"));
        Files.writeString(proc.resolve("sys/kernel/random/boot_id"), "b00t\n");
        Files.createDirectories(proc.resolve("77"));
        Files.writeString(proc.resolve("77/stat"),
                "77 (my (odd) name) S 1 77 77 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 9 0 123456 1000000 200 0\n");
        assertEquals(Optional.of("b00t-123456"), ParkedRecords.identity(proc, 77));
        assertEquals(Optional.empty(), ParkedRecords.identity(proc, 78));

        // a command name that is not ASCII, nor even UTF-8 (Linux keeps any bytes there)
        Files.createDirectories(proc.resolve("79"));
        byte[] latin = "79 (caf\u00e9 \u00ff) S 1 79 79 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 9 0 654321 1000000 200 0\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(proc.resolve("79/stat"), latin);
        assertEquals(Optional.of("b00t-654321"), ParkedRecords.identity(proc, 79));
    }

    @Test
    void aSuspendThatMeasuredNothingLeavesNoOlderRecordAndTheDirectoryIsMadeOwnerOnly() throws Exception {
        Path parked = Files.createDirectories(dir.resolve("parked"));
        Files.setPosixFilePermissions(parked, PosixFilePermissions.fromString("rwxr-xr-x"));
        real().remember(SELF, Optional.of(HELD));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(parked)));

        real().remember(SELF, Optional.empty());

        assertEquals(Optional.empty(), real().recall(SELF));
    }

    @Test
    void aRecordOutlivesTheProcessThatWroteItAndOnlyItsOwnerCanReadIt() throws Exception {
        real().remember(SELF, Optional.of(HELD));

        assertEquals(Optional.of(HELD), real().recall(SELF), "another instance, as another process would make, reads it");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("parked"))));
        try (var files = Files.list(dir.resolve("parked"))) {
            assertEquals(1, files.count(), "no partial file is left behind");
        }

        real().forget(SELF);
        assertEquals(Optional.empty(), real().recall(SELF));
    }

    /**
     * The kernel that suspends and the shell that resumes must find the same record however each was started: a
     * JupyterHub kernel has no XDG_RUNTIME_DIR while the user's login shell has one. Two JVMs, as in real use.
     */
    @Test
    void aRecordWrittenWithoutXdgRuntimeDirIsReadWithItAndTheOtherWayRound() throws Exception {
        Path home = dir.resolve("home");
        Path runtime = Files.createDirectories(dir.resolve("run"));

        assertEquals("", records(home, null, "remember", WireFormat.text(HELD)));
        assertEquals(WireFormat.text(HELD), records(home, runtime, "recall", ""), "a shell with XDG_RUNTIME_DIR reads the kernel's record");

        assertEquals("", records(home, runtime, "forget", ""));
        assertEquals("", records(home, runtime, "remember", WireFormat.text(HELD)));
        assertEquals(WireFormat.text(HELD), records(home, null, "recall", ""), "and the other way round");
    }

    /** Runs {@link ParkedRecordsMain} on this JVM's pid in a child JVM with that home and XDG_RUNTIME_DIR (none when null). */
    private static String records(Path home, Path runtime, String operation, String token) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(dev.gpumagics.gpu.ChildJvm.command(ParkedRecordsMain.class,
                java.util.List.of("-Duser.home=" + home), operation, Long.toString(SELF), token)).redirectErrorStream(true);
        builder.environment().remove("XDG_RUNTIME_DIR");
        if (runtime != null) {
            builder.environment().put("XDG_RUNTIME_DIR", runtime.toString());
        }
        Process child = builder.start();
        String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertEquals(0, child.waitFor(), output);
        return output;
    }

    @Test
    void recordsOfProcessesThatAreGoneAreDroppedWhenTheNextIsWritten() throws Exception {
        Path parked = Files.createDirectories(dir.resolve("parked"));
        String gone = Integer.MAX_VALUE + "-" + "b00t-1";
        String reused = SELF + "-" + "b00t-1"; // this pid, but another process's identity
        Files.writeString(parked.resolve(gone), "{\"0\":1}");
        Files.writeString(parked.resolve(reused), "{\"0\":1}");
        Files.writeString(parked.resolve("notes.txt"), "mine");

        real().remember(SELF, Optional.of(HELD));

        try (var files = Files.list(parked)) {
            assertEquals(java.util.Set.of("notes.txt", SELF + "-" + ParkedRecords.identity(Path.of("/proc"), SELF).orElseThrow()),
                    files.map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void aReusedPidDoesNotInheritARecord() {
        ParkedRecords before = ParkedRecords.inDirectory(dir, pid -> Optional.of("b00t-123456"));
        ParkedRecords after = ParkedRecords.inDirectory(dir, pid -> Optional.of("b00t-987654"));

        before.remember(4242, Optional.of(HELD));

        assertEquals(Optional.empty(), after.recall(4242));
        assertEquals(Optional.of(HELD), before.recall(4242));
    }

    @Test
    void aGoneProcessAnUnreadableRecordAndNoRecordAllReadAsNone() throws Exception {
        assertEquals(Optional.empty(), real().recall(Integer.MAX_VALUE), "no such process: no start time to name it by");
        assertEquals(Optional.empty(), real().recall(SELF));

        ParkedRecords fixed = ParkedRecords.inDirectory(dir, pid -> Optional.of("b00t-1"));
        fixed.remember(7, Optional.of(HELD));
        try (var files = Files.list(dir)) {
            Files.writeString(files.findFirst().orElseThrow(), "four gigabytes");
        }
        assertEquals(Optional.empty(), fixed.recall(7));
        assertEquals(Optional.empty(), ParkedRecords.none().recall(7));
    }
}
