package dev.gpumagics.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.probe.Probed;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostFactsTest {

    @Test
    void memAvailableIsReadInBytes(@TempDir Path dir) throws Exception {
        Path meminfo = dir.resolve("meminfo");
        Files.writeString(meminfo, "MemTotal:       24000000 kB\nMemFree:         1000 kB\nMemAvailable:   12345678 kB\n");

        assertEquals(Probed.present(12345678L * 1024), new ProcMeminfo(meminfo).availableBytes());
    }

    @Test
    void aMeminfoWithoutMemAvailableIsUnavailableNotZero(@TempDir Path dir) throws Exception {
        Path meminfo = dir.resolve("meminfo");
        Files.writeString(meminfo, "MemTotal:       24000000 kB\n");

        assertInstanceOf(Probed.Unavailable.class, new ProcMeminfo(meminfo).availableBytes());
        assertInstanceOf(Probed.Unavailable.class, new ProcMeminfo(dir.resolve("absent")).availableBytes());
    }

    @Test
    void thisMachinesMemAvailableIsBelowItsTotal() throws Exception {
        long available = ProcMeminfo.system().availableBytes().asOptional().orElseThrow();
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
}
