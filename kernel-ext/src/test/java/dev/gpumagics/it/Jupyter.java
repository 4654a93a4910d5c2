package dev.gpumagics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The kernel jar installed as a kernelspec in a private Jupyter data dir, and Debian's Python Jupyter
 * (/usr/bin/python3 with jupyter_client and nbclient) to drive it.
 */
final class Jupyter {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final String KERNEL = "gpumagics-it";

    final Path jar;
    final Path dataDir;
    final Path scripts;

    private Jupyter(Path jar, Path dataDir, Path scripts) {
        this.jar = jar;
        this.dataDir = dataDir;
        this.scripts = scripts;
    }

    /** Installs the kernel from the shaded jar; skips the test where Debian's Jupyter is missing. */
    static Jupyter install(Path work) throws Exception {
        assumeTrue(Files.isExecutable(PYTHON) && run(List.of(PYTHON.toString(), "-c", "import jupyter_client, nbclient"),
                work, null).exit == 0, "Debian's jupyter_client/nbclient are not installed");
        Path jar = Path.of(System.getProperty("gpumagics.jar", "target/gpumagics.jar")).toAbsolutePath();
        Path scripts = Path.of(System.getProperty("gpumagics.python", "src/test/python")).toAbsolutePath();
        Jupyter jupyter = new Jupyter(jar, work.resolve("jupyter-data"), scripts);
        Result installed = jupyter.java(work, "install", "--user", "--name", KERNEL, "--display-name", "GpuMagics IT");
        assertEquals(0, installed.exit, installed.toString());
        return jupyter;
    }

    Result java(Path work, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        return run(command, work, dataDir);
    }

    /** Runs one of src/test/python's scripts; its stdout is JSON. */
    JsonElement python(Path work, String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), scripts.resolve(script).toString()));
        command.addAll(List.of(args));
        Result result = run(command, work, dataDir);
        assertEquals(0, result.exit, script + " failed: " + result);
        return JsonParser.parseString(result.out.strip().lines().reduce((a, b) -> b).orElse("{}"));
    }

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    static Result run(List<String> command, Path work, Path dataDir) throws IOException, InterruptedException {
        return run(command, work, dataDir, Map.of());
    }

    /** The same, with {@code env} added to the environment the command and what it starts (a kernel) inherit. */
    static Result run(List<String> command, Path work, Path dataDir, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().putAll(env);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        if (dataDir != null) {
            builder.environment().put("JUPYTER_DATA_DIR", dataDir.toString());
            builder.environment().put("JUPYTER_PATH", dataDir.toString());
            builder.environment().put("JUPYTER_RUNTIME_DIR", work.resolve("runtime").toString());
        }
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
