package dev.gpumagics.watch;

import static dev.gpumagics.TorchTesting.MiB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.TorchTesting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's peak, as Linux keeps it in VmHWM and resets it through clear_refs, on this machine and on a recorded /proc. */
class ResidentSetTest {

    @Test
    void thisLinuxResetsThePeakAndThenKeepsTheHighestPointSinceExactly() {
        TorchTesting.access();
        ResidentSet host = ResidentSet.system();
        assertTrue(host.resetPeak(), "writing 5 to /proc/self/clear_refs is taken here (Linux 4.0 and later)");
        ResidentSet.Reading start = host.read();
        long startRss = start.residentBytes().orElseThrow();
        assertTrue(start.peakBytes().orElseThrow() - startRss < 16 * MiB,
                "right after the reset the peak is where the resident set is: " + start);
        try (Tensor brief = torch.ones(64 * MiB / 4)) { // written at once: every page resident
            assertTrue(brief.numel() > 0);
        }
        ResidentSet.Reading after = host.read();
        long rose = after.peakBytes().orElseThrow() - startRss;
        long stayed = after.residentBytes().orElseThrow() - startRss;
        assertTrue(rose >= 60 * MiB, "the peak holds the freed 64 MiB: rose " + rose / MiB + " MiB");
        assertTrue(stayed < 32 * MiB, "while the resident set gave it back: " + stayed / MiB + " MiB");
        assertTrue(host.resetPeak());
        assertTrue(host.read().peakBytes().orElseThrow() - host.read().residentBytes().orElseThrow() < 16 * MiB,
                "a second reset forgets that peak");
    }

    @Test
    void aProcWithoutTheResetSaysSoAndStillReadsTheFigures(@TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("self/clear_refs")); // a directory: no write can go there
        Files.writeString(proc.resolve("self/status"), "Name:\tjava\nVmPeak:\t 9000000 kB\nVmHWM:\t  600000 kB\nVmRSS:\t  412345 kB\n");
        ResidentSet host = new ResidentSet(proc);
        assertFalse(host.resetPeak());
        ResidentSet.Reading reading = host.read();
        assertEquals(OptionalLong.of(412345L * 1024), reading.residentBytes());
        assertEquals(OptionalLong.of(600000L * 1024), reading.peakBytes());
    }

    @Test
    void noProcIsAbsenceNotZero(@TempDir Path empty) {
        ResidentSet.Reading reading = new ResidentSet(empty).read();
        assertEquals(OptionalLong.empty(), reading.residentBytes());
        assertEquals(OptionalLong.empty(), reading.peakBytes());
    }
}
