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
    void idsAreTheirLinesFirstNumberWhateverTheBytesBefore() throws Exception {
        Path status = dir.resolve("status");
        byte[] name = {'N', 'a', 'm', 'e', ':', '\t', (byte) 0xff, (byte) 0xfe, 'x', '\n'};
        Files.write(status, name);
        Files.write(status, "Tgid:\t4242\nUid:\t1000\t1001\t1000\t1000\n".getBytes(StandardCharsets.US_ASCII),
                java.nio.file.StandardOpenOption.APPEND);

        ProcKibFields fields = ProcKibFields.read(status, List.of("Tgid", "Uid"));

        assertEquals(OptionalLong.of(4242), fields.number("Tgid"));
        assertEquals(OptionalLong.of(1000), fields.number("Uid"), "the real uid, first of four");
    }

    @Test
    void aFileThatCannotBeReadHasNoKeys() {
        assertEquals(OptionalLong.empty(), ProcKibFields.read(dir.resolve("missing"), List.of("MemTotal")).bytes("MemTotal"));
    }
}
