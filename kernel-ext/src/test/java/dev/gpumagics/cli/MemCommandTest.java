package dev.gpumagics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void jsonParsesAndHasTheHost() {
        assertEquals(0, run("mem", "--json"));
        JsonObject json = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
        assertTrue(json.getAsJsonObject("host").get("residentBytes").getAsLong() > 0);
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badInputIsOneLineOnStderrAndExitTwo() {
        assertEquals(2, run("mem", "--verbose"));
        assertEquals("gpumagics mem: unknown option --verbose. Usage: java -jar gpumagics.jar mem [--device N] [--json] [--no-procs]\n",
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, run("mem", "--device", "7"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("gpumagics mem: no GPU 7: "));
        assertEquals(1, err.toString(StandardCharsets.UTF_8).lines().count());
        err.reset();
        assertEquals(2, run("memory"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("gpumagics: unknown command 'memory'; one of: mem"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    /**
     * End to end in a fresh JVM: with no NVML here, the report falls back to the nvidia-smi on PATH
     * (a script printing recorded output, nvidia-smi being an outside program we cannot run here).
     */
    @Test
    void fallsBackToNvidiaSmiOnPath(@TempDir Path dir) throws IOException, InterruptedException {
        Path gpus = dir.resolve("gpus.csv");
        Path apps = dir.resolve("apps.csv");
        Files.writeString(gpus, "0, GPU-1f2e3d4c-5b6a-7980-a1b2-c3d4e5f60718, NVIDIA H100 80GB HBM3, 81559, 13107, 68452, 37, 580.159.04\n");
        Files.writeString(apps, "GPU-1f2e3d4c-5b6a-7980-a1b2-c3d4e5f60718, 52011, 11876\n");
        Path smi = dir.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\ncase \"$1\" in --query-gpu=*) cat '" + gpus + "' ;; --query-compute-apps=*) cat '" + apps + "' ;; esac\n");
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "mem")
                .redirectErrorStream(true);
        builder.environment().put("PATH", dir + ":" + System.getenv("PATH"));
        builder.environment().put("LD_LIBRARY_PATH", dir.toString());
        Process child = builder.start();
        String text = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), text);
        if (dev.gpumagics.internal.cuda.DriverLibraries.system().has(dev.gpumagics.internal.cuda.DriverLibraries.Library.values())) {
            assertTrue(text.contains("(NVML, driver "), "with a real driver NVML answers first: " + text);
            return;
        }
        assertTrue(text.contains("(nvidia-smi, driver 580.159.04)"), text);
        assertTrue(text.contains("GPU 0: NVIDIA H100 80GB HBM3   used 12.8 GiB of 79.6 GiB, free 66.8 GiB, utilization 37%"), text);
        assertTrue(text.contains("pid 52011      11.6 GiB"), text);
    }
}
