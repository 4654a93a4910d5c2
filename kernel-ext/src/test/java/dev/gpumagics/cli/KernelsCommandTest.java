package dev.gpumagics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpumagics.context.checkpoint.ProcessOwners;
import dev.gpumagics.neighbours.KernelRecord;
import dev.gpumagics.neighbours.KernelState;
import dev.gpumagics.neighbours.RecordShelf;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kernels} over a shelf holding this JVM's record, as a kernel's; {@code top} where there is no terminal. */
class KernelsCommandTest {

    private static final long SELF = ProcessHandle.current().pid();

    @TempDir
    Path parent;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Subcommand verb, String... args) {
        return verb.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private RecordShelf shelf() {
        RecordShelf shelf = new RecordShelf(parent, Path.of("/proc"), ProcessOwners.proc().ownUid());
        shelf.publish(KernelRecord.builder(SELF, shelf.startIdentity(SELF).orElseThrow(), "JJava").notebook("eval.ipynb")
                .lastActivity(Instant.now().minusSeconds(30)).state(KernelState.UNKNOWN).build());
        return shelf;
    }

    @Test
    void oneRowForEachKernelAndTheSameAsJson() throws Exception {
        RecordShelf shelf = shelf();
        Files.writeString(Files.createDirectories(shelf.folderOf(ProcessOwners.proc().ownUid())).resolve("kernel-999999999.json"), "{}");

        assertEquals(0, run(new KernelsCommand(() -> shelf)));
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertTrue(lines[0].startsWith("PID"), lines[0]);
        assertTrue(lines[1].matches(SELF + " +\\S+ +JJava +eval\\.ipynb +unknown +3\\d\\.\\d s +- +- +none \\(JJava cannot have one\\)"), lines[1]);
        assertEquals("not shown: 1 of a kernel that has ended", lines[2]);

        out.reset();
        assertEquals(0, run(new KernelsCommand(() -> shelf), "--json"));
        JsonObject json = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
        JsonObject row = json.getAsJsonArray("kernels").get(0).getAsJsonObject();
        assertEquals(SELF, row.get("pid").getAsLong());
        assertEquals("eval.ipynb", row.get("notebook").getAsString());
        assertEquals(System.getProperty("user.name"), row.get("user").getAsString());
        assertTrue(row.get("idlePolicy").isJsonNull());
        assertEquals(1, json.getAsJsonObject("ignored").get("processGone").getAsInt());
        assertEquals(parent.toString(), json.get("parent").getAsString());
    }

    @Test
    void noRecordsAndBadInputEachSayOneLine() {
        assertEquals(0, run(new KernelsCommand(() -> new RecordShelf(parent, Path.of("/proc"), 0))));
        assertEquals("no GpuMagics kernel on this host has published a record (under " + parent + ")\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(2, run(new KernelsCommand(() -> new RecordShelf(parent, Path.of("/proc"), 0)), "--all"));
        assertEquals("gpumagics kernels: unknown option --all. Usage: java -jar gpumagics.jar kernels [--json]\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void topWithoutATerminalSaysWhatToUseInstead() {
        assertEquals(2, run(new TopCommand(System.in)));
        assertEquals("gpumagics top: needs a terminal (its input and output on a tty); for a script: java -jar gpumagics.jar kernels --json\n",
                err.toString(StandardCharsets.UTF_8));
    }
}
