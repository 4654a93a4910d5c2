package dev.gpumagics.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcKibFieldsTest {

    @TempDir
    Path dir;

    @Test
    void eachKeyIsItsKibInBytesAndAKeyWithoutANumberIsAbsentAlone() throws Exception {
        Path status = dir.resolve("status");
        // a process name that is not ASCII, as a thread may name itself
        Files.write(status, ("Name:\tj\u00e9va\nVmHWM:\t  bad kB\nVmRSS:\t  153600 kB\nThreads:\t12\n")
                .getBytes(StandardCharsets.UTF_8));

        ProcKibFields fields = ProcKibFields.read(status, List.of("VmRSS", "VmHWM", "VmSwap"));

        assertEquals(OptionalLong.of(153600L * 1024), fields.bytes("VmRSS"));
        assertEquals(OptionalLong.empty(), fields.bytes("VmHWM"));
        assertEquals(OptionalLong.empty(), fields.bytes("VmSwap"));
    }

    @Test
    void aFileThatCannotBeReadHasNoKeys() {
        assertEquals(OptionalLong.empty(), ProcKibFields.read(dir.resolve("missing"), List.of("MemTotal")).bytes("MemTotal"));
    }
}
