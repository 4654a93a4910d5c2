package dev.gpumagics.context.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.probe.NonUtf8Process;
import dev.gpumagics.probe.value.Probed;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostFactsTest {

    @Test
    void thisMachinesFreeHostMemoryIsBelowItsTotal() throws Exception {
        long available = FreeHostMemory.system().availableBytes().asOptional().orElseThrow();
        long total = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).findFirst().orElseThrow();

        assertTrue(available > 0 && available <= total, available + " of " + total);
    }

    @Test
    void thisProcessIsOwnedByItsOwnUserAndAMissingOneIsSaidSo() {
        ProcessOwners owners = ProcessOwners.proc();

        assertEquals(Probed.present(owners.ownUid()), owners.uidOf(ProcessHandle.current().pid()));
        assertEquals(Probed.unavailable("no process " + Integer.MAX_VALUE, ""), owners.uidOf(Integer.MAX_VALUE));
    }

    @Test
    void aThreadsIdLeadsToItsProcessAndAProcessIdToItself() throws Exception {
        ProcessOwners owners = ProcessOwners.proc();
        long self = ProcessHandle.current().pid();
        long thread = aThreadOf(self);

        assertEquals(Probed.present(self), owners.processOf(self));
        assertEquals(Probed.present(self), owners.processOf(thread));
        assertEquals(Probed.unavailable("no process " + Integer.MAX_VALUE, ""), owners.processOf(Integer.MAX_VALUE));
    }

    @Test
    void aProcessWhoseNameIsNotUtf8IsStillItsOwnProcess(@TempDir Path dir) throws Exception {
        // its status begins "Name:\t\xff\xfebash": a strict UTF-8 read fails before it reaches the Tgid line
        try (NonUtf8Process odd = NonUtf8Process.start(dir)) {
            assertEquals(Probed.present(odd.pid()), ProcessOwners.proc().processOf(odd.pid()));
            assertEquals(Probed.present(ProcessOwners.proc().ownUid()), ProcessOwners.proc().uidOf(odd.pid()));
        }
    }

    /** The id of one of this JVM's threads other than its main one, from the real /proc. */
    static long aThreadOf(long pid) throws Exception {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.map(task -> Long.parseLong(task.getFileName().toString())).filter(tid -> tid != pid)
                    .findFirst().orElseThrow(() -> new AssertionError("a JVM has more than one thread"));
        }
    }
}
