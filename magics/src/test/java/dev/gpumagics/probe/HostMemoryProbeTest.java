package dev.gpumagics.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostMemoryProbeTest {

    private static final long MIB = 1 << 20;

    @Test
    void countsJavaCppAllocationsAndTheResidentSet() {
        HostMemoryProbe probe = HostMemoryProbe.system();
        long before = probe.read().javacppBytes();
        try (BytePointer buffer = new BytePointer(64 * MIB)) {
            buffer.fill(1); // touch every page so the resident set holds it
            HostMemory during = probe.read();
            assertEquals(64 * MIB, during.javacppBytes() - before, "Pointer.totalBytes counts the allocation exactly");
            assertTrue(during.residentBytes().orElseThrow() >= 64 * MIB, "touched pages are resident");
            assertTrue(during.availableBytes().orElseThrow() > 0);
            assertTrue(during.heapMaxBytes() >= during.heapUsedBytes());
        }
        assertEquals(before, probe.read().javacppBytes());
    }

    @Test
    void readsStatusAndMeminfoKibibytes(@TempDir Path proc) throws IOException {
        Files.createDirectories(proc.resolve("self"));
        Files.writeString(proc.resolve("self/status"), "Name:\tjava\nVmHWM:\t 2000 kB\nVmRSS:\t    1000 kB\nThreads:\t9\n");
        Files.writeString(proc.resolve("meminfo"), "MemTotal:       24576000 kB\nMemFree:  100 kB\nMemAvailable:   20000000 kB\n");
        HostMemory host = new HostMemoryProbe(proc).read();
        assertEquals(OptionalLong.of(1000 * 1024L), host.residentBytes());
        assertEquals(OptionalLong.of(20_000_000L * 1024), host.availableBytes());
    }

    @Test
    void withoutProcTheFiguresAreAbsentNotZero(@TempDir Path empty) {
        HostMemory host = new HostMemoryProbe(empty).read();
        assertEquals(OptionalLong.empty(), host.residentBytes());
        assertEquals(OptionalLong.empty(), host.availableBytes());
    }
}
