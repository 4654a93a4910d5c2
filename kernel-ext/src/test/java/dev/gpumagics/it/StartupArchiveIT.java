package dev.gpumagics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * install records a start-up archive and the kernelspec maps it. The JVM drops an archive it cannot
 * use without a word (the kernelspec turns the cds log off), so this asks the JVM with the log on.
 */
class StartupArchiveIT {

    @Test
    void theKernelspecsJvmMapsTheArchiveInstallRecorded(@TempDir Path work) throws Exception {
        Jupyter jupyter = Jupyter.install(work);
        Path spec = jupyter.dataDir.resolve("kernels").resolve(Jupyter.KERNEL);
        assertTrue(Files.isRegularFile(spec.resolve("gpumagics.jsa")), "install recorded no archive");

        JsonArray argv = JsonParser.parseString(Files.readString(spec.resolve("kernel.json"))).getAsJsonObject().getAsJsonArray("argv");
        List<String> command = new ArrayList<>();
        for (JsonElement arg : argv) {
            command.add(arg.getAsString());
        }
        assertTrue(command.contains("-XX:SharedArchiveFile=" + spec.resolve("gpumagics.jsa").toAbsolutePath()), command.toString());
        // the same JVM and options, with the archive's log on, running a report instead of a kernel
        command.removeIf(arg -> arg.startsWith("-Xlog:cds"));
        command.subList(command.size() - 2, command.size()).clear();
        command.add(command.size() - 2, "-Xlog:cds=info");
        command.add("mem");
        Jupyter.Result run = Jupyter.run(command, work, null);

        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("Mapped dynamic region"), "the archive was not mapped:\n" + run.out());
        assertFalse(run.out().contains("not the one used while building"), run.out());
        assertFalse(run.out().contains("Unable to use shared archive"), run.out());
    }
}
