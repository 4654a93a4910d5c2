package dev.gpumagics.context;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParkedRecordsTest {

    private static final long SELF = ProcessHandle.current().pid();
    private static final BytesPerDevice HELD = BytesPerDevice.of(Map.of(0, 4L << 30, 2, 1L << 30));

    @TempDir
    Path dir;

    /** This JVM stands for the parked process: its real pid and start time name the record. */
    private ParkedRecords real() {
        return ParkedRecords.inDirectory(dir.resolve("parked"), pid -> ProcessHandle.of(pid).flatMap(p -> p.info().startInstant()));
    }

    @Test
    void aRecordOutlivesTheProcessThatWroteItAndOnlyItsOwnerCanReadIt() throws Exception {
        real().remember(SELF, HELD);

        assertEquals(HELD, real().recall(SELF), "another instance, as another process would make, reads it");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("parked"))));
        try (var files = Files.list(dir.resolve("parked"))) {
            assertEquals(1, files.count(), "no partial file is left behind");
        }

        real().forget(SELF);
        assertEquals(BytesPerDevice.NONE, real().recall(SELF));
    }

    @Test
    void aReusedPidDoesNotInheritARecord() {
        Instant first = Instant.parse("2026-11-27T08:00:00Z");
        ParkedRecords before = ParkedRecords.inDirectory(dir, pid -> Optional.of(first));
        ParkedRecords after = ParkedRecords.inDirectory(dir, pid -> Optional.of(first.plusSeconds(600)));

        before.remember(4242, HELD);

        assertEquals(BytesPerDevice.NONE, after.recall(4242));
        assertEquals(HELD, before.recall(4242));
    }

    @Test
    void aGoneProcessAnUnreadableRecordAndNoRecordAllReadAsNone() throws Exception {
        assertEquals(BytesPerDevice.NONE, real().recall(Integer.MAX_VALUE), "no such process: no start time to name it by");
        assertEquals(BytesPerDevice.NONE, real().recall(SELF));

        ParkedRecords fixed = ParkedRecords.inDirectory(dir, pid -> Optional.of(Instant.EPOCH));
        fixed.remember(7, HELD);
        try (var files = Files.list(dir)) {
            Files.writeString(files.findFirst().orElseThrow(), "four gigabytes");
        }
        assertEquals(BytesPerDevice.NONE, fixed.recall(7));
        assertEquals(BytesPerDevice.NONE, ParkedRecords.none().recall(7));
    }
}
