package dev.gpumagics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code install --user} puts the kernelspec where Debian's Jupyter finds it when HOME, XDG_DATA_HOME
 * or JUPYTER_DATA_DIR point elsewhere than the account's home (containers, JupyterHub spawners,
 * {@code sudo -H}). Jupyter's answer comes from {@code python3 -m jupyter_client.kernelspecapp list},
 * the application {@code jupyter kernelspec list} runs.
 */
class InstallDirsIT {

    private static final String NAME = "gpumagics-dirs-it";

    @TempDir
    Path work;

    @Test
    void homeElsewhere() throws Exception {
        Path home = Files.createDirectories(work.resolve("home"));
        assertFoundWhereJupyterLooks(Map.of("HOME", home.toString()), home.resolve(".local/share/jupyter/kernels"));
    }

    @Test
    void xdgDataHomeElsewhere() throws Exception {
        Path home = Files.createDirectories(work.resolve("home"));
        Path xdg = work.resolve("xdg");
        assertFoundWhereJupyterLooks(Map.of("HOME", home.toString(), "XDG_DATA_HOME", xdg.toString()), xdg.resolve("jupyter/kernels"));
    }

    @Test
    void jupyterDataDirElsewhere() throws Exception {
        Path home = Files.createDirectories(work.resolve("home"));
        Path data = work.resolve("data");
        assertFoundWhereJupyterLooks(Map.of("HOME", home.toString(), "XDG_DATA_HOME", work.resolve("xdg").toString(),
                "JUPYTER_DATA_DIR", data.toString()), data.resolve("kernels"));
    }

    private void assertFoundWhereJupyterLooks(Map<String, String> env, Path expectedKernels) throws Exception {
        assumeTrue(run(List.of(Jupyter.PYTHON.toString(), "-c", "import jupyter_client"), env).exit() == 0,
                "Debian's jupyter_client is not installed");
        Path jar = Path.of(System.getProperty("gpumagics.jar", "target/gpumagics.jar")).toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Jupyter.Result installed = run(List.of(java, "-jar", jar.toString(), "install", "--user", "--name", NAME), env);
        assertEquals(0, installed.exit(), installed.toString());
        Path spec = expectedKernels.resolve(NAME).toRealPath();
        assertTrue(Files.isRegularFile(spec.resolve("kernel.json")), installed.toString());

        assertEquals(spec.toString(), resourceDir(env), "Jupyter finds the kernelspec install wrote");

        Jupyter.Result removed = run(List.of(java, "-jar", jar.toString(), "uninstall", "--user", "--name", NAME), env);
        assertEquals(0, removed.exit(), removed.toString());
        assertFalse(Files.exists(spec.resolve("kernel.json")));
    }

    private String resourceDir(Map<String, String> env) throws Exception {
        Jupyter.Result listed = run(List.of(Jupyter.PYTHON.toString(), "-m", "jupyter_client.kernelspecapp", "list", "--json"), env);
        assertEquals(0, listed.exit(), listed.toString());
        JsonObject specs = JsonParser.parseString(listed.out()).getAsJsonObject().getAsJsonObject("kernelspecs");
        assertTrue(specs.has(NAME), "jupyter kernelspec list does not see " + NAME + ": " + listed.out());
        return specs.getAsJsonObject(NAME).get("resource_dir").getAsString();
    }

    /** Runs with exactly env's home and Jupyter variables: none inherited from the build's environment. */
    private Jupyter.Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(work.toFile());
        for (String name : List.of("HOME", "XDG_DATA_HOME", "JUPYTER_DATA_DIR", "JUPYTER_PATH", "JUPYTER_RUNTIME_DIR",
                "JUPYTER_PREFER_ENV_PATH", "JUPYTER_PLATFORM_DIRS")) {
            builder.environment().remove(name);
        }
        builder.environment().putAll(env);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new Jupyter.Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
