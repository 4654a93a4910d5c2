package dev.gpumagics.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTableTest {

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
    }

    @Test
    void unnamedUidsStayNumbersAndLongCommandsAreCut(@TempDir Path dir) throws IOException {
        Path pid = Files.createDirectories(dir.resolve("proc/77"));
        Files.writeString(pid.resolve("status"), "Name:\tpython\nUid:\t1234\t1234\t1234\t1234\n");
        Files.write(pid.resolve("cmdline"), ("python\0" + "x".repeat(300) + "\0").getBytes());
        Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\nbroken line\n");
        ProcessIdentity who = new ProcessTable(dir.resolve("proc"), dir.resolve("passwd")).identify(77);
        assertEquals(Optional.of("uid 1234"), who.user());
        assertEquals(200, who.command().orElseThrow().length());
        assertTrue(who.command().orElseThrow().startsWith("python xxx") && who.command().orElseThrow().endsWith("..."));
        assertEquals(Optional.of(1234L), new ProcessTable(dir.resolve("proc"), dir.resolve("passwd")).owner(77));
    }
}
