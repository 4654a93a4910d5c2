package dev.gpumagics.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's kernelspec folder against Debian's jupyter_core itself ({@code jupyter --data-dir}), with
 * HOME, XDG_DATA_HOME and JUPYTER_DATA_DIR each pointing elsewhere than the account's home.
 */
class KernelSpecDirsJupyterTest {

    private static final Path JUPYTER = Path.of("/usr/bin/jupyter");
    /** What Java reads from the password database, whatever HOME says. */
    private static final Path ACCOUNT_HOME = Path.of(System.getProperty("user.home"));

    @TempDir
    static Path dir;
    static Path home;

    @BeforeAll
    static void homeBehindALink() throws IOException {
        assumeTrue(Files.isExecutable(JUPYTER), "Debian's jupyter-core is not installed");
        // jupyter_core resolves HOME's links; a home reached through one is common (/home -> /usr/home)
        home = Files.createSymbolicLink(dir.resolve("home-link"), Files.createDirectories(dir.resolve("home")));
    }

    private static void assertSameAsJupyter(Map<String, String> env) throws Exception {
        Path jupyters = Path.of(dataDir(env)).resolve("kernels");
        assertEquals(jupyters, new KernelSpecDirs(env, ACCOUNT_HOME).user(), env.toString());
    }

    @Test
    void homeSetElsewhere() throws Exception {
        assertSameAsJupyter(Map.of("HOME", home.toString()));
        assertEquals(dir.toRealPath().resolve("home/.local/share/jupyter/kernels"),
                new KernelSpecDirs(Map.of("HOME", home.toString()), ACCOUNT_HOME).user());
    }

    @Test
    void xdgDataHomeSetElsewhere() throws Exception {
        assertSameAsJupyter(Map.of("HOME", home.toString(), "XDG_DATA_HOME", dir.resolve("xdg").toString()));
    }

    @Test
    void jupyterDataDirSetElsewhereWinsOverBoth() throws Exception {
        assertSameAsJupyter(Map.of("HOME", home.toString(), "XDG_DATA_HOME", dir.resolve("xdg").toString(),
                "JUPYTER_DATA_DIR", dir.resolve("data").toString()));
    }

    @Test
    void emptyVariablesCountAsUnsetAndNoHomeMeansTheAccountsHome() throws Exception {
        assertSameAsJupyter(Map.of("XDG_DATA_HOME", "", "JUPYTER_DATA_DIR", ""));
        assertSameAsJupyter(Map.of());
    }

    /** {@code jupyter --data-dir} run with exactly {@code env}'s Jupyter and home variables (PATH kept). */
    private static String dataDir(Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(JUPYTER.toString(), "--data-dir")).redirectErrorStream(true);
        Map<String, String> childEnv = builder.environment();
        for (String name : List.of("HOME", "XDG_DATA_HOME", "JUPYTER_DATA_DIR", "JUPYTER_PATH", "JUPYTER_PLATFORM_DIRS")) {
            childEnv.remove(name);
        }
        childEnv.putAll(new HashMap<>(env));
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, process.waitFor(60, TimeUnit.SECONDS), "jupyter --data-dir did not finish");
        assertEquals(0, process.exitValue(), out);
        return out.strip().lines().reduce((a, b) -> b).orElseThrow();
    }
}
