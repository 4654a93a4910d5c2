package dev.gpumagics.install;

import dev.gpumagics.internal.CommandRunner;
import dev.gpumagics.probe.value.Probed;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where Jupyter looks for kernelspecs: the user's data dir, a prefix, or the Python environment's prefix.
 * The user's data dir follows jupyter_core's {@code jupyter_data_dir()} on Linux, so that a kernel
 * installed here is the one {@code jupyter kernelspec list} finds, whatever {@code HOME} says.
 */
public final class KernelSpecDirs {

    /** How long Python may take to say its prefix: a cold start is well under a second, a slow disk a few. */
    static final Duration PYTHON_LIMIT = Duration.ofSeconds(20);

    private final Map<String, String> env;
    private final Path accountHome;
    private final Duration pythonLimit;

    /**
     * @param env the environment Jupyter will run in
     * @param accountHome the account's home directory, used where {@code HOME} is not set (as Python's
     *     {@code expanduser} falls back to the password database)
     */
    public KernelSpecDirs(Map<String, String> env, Path accountHome) {
        this(env, accountHome, PYTHON_LIMIT);
    }

    KernelSpecDirs(Map<String, String> env, Path accountHome, Duration pythonLimit) {
        this.env = env;
        this.accountHome = accountHome;
        this.pythonLimit = pythonLimit;
    }

    /** This process's environment; Java's {@code user.home} comes from the password database, not from HOME. */
    public static KernelSpecDirs ofThisProcess() {
        return new KernelSpecDirs(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * {@code $JUPYTER_DATA_DIR}, else {@code $XDG_DATA_HOME/jupyter}, else {@code $HOME/.local/share/jupyter}
     * (HOME with its symbolic links resolved, as jupyter_core does); plus kernels/.
     */
    public Path user() {
        String data = env.get("JUPYTER_DATA_DIR");
        if (data != null && !data.isEmpty()) {
            return Path.of(data).resolve("kernels");
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : home().resolve(".local").resolve("share");
        return base.resolve("jupyter").resolve("kernels");
    }

    /** {@code $HOME}, else the account's home; resolved to its real path where it exists. */
    Path home() {
        String fromEnv = env.get("HOME");
        Path home = fromEnv != null && !fromEnv.isEmpty() ? Path.of(fromEnv) : accountHome;
        try {
            return home.toRealPath();
        } catch (IOException e) {
            return home.toAbsolutePath().normalize(); // not there yet: Jupyter would create it where it says
        }
    }

    /** {@code PREFIX/share/jupyter/kernels}, as {@code jupyter kernelspec install --prefix} uses. */
    public Path prefix(Path prefix) {
        return prefix.resolve("share").resolve("jupyter").resolve("kernels");
    }

    /**
     * The Python environment's {@code sys.prefix}: the interpreter is {@code $GPUMAGICS_PYTHON}, else the
     * one Jupyter's own launcher names, else {@code python3}.
     *
     * @throws IllegalStateException with one line when no Python answers
     */
    public Path sysPrefix() {
        String python = env.getOrDefault("GPUMAGICS_PYTHON", jupyterPython());
        // the one runner: its limit holds against a Python that hangs with its output still open
        Probed<String> said = CommandRunner.stdout(List.of(python, "-c", "import sys; print(sys.prefix)"), pythonLimit);
        if (said instanceof Probed.Unavailable<String> unavailable) {
            throw new IllegalStateException("--sys-prefix needs Python's sys.prefix: " + unavailable.reason()
                    + " (set GPUMAGICS_PYTHON to the Python that runs Jupyter)");
        }
        String out = said.asOptional().orElse("").strip();
        if (out.isEmpty()) {
            throw new IllegalStateException("--sys-prefix: " + python + " printed no sys.prefix"
                    + " (set GPUMAGICS_PYTHON to the Python that runs Jupyter)");
        }
        return prefix(Path.of(out.lines().reduce((a, b) -> b).orElse(out)));
    }

    /** The interpreter on the first line of the {@code jupyter} script on PATH, if there is one. */
    private String jupyterPython() {
        for (String dir : env.getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path jupyter = Path.of(dir.isEmpty() ? "." : dir, "jupyter");
            try {
                if (java.nio.file.Files.isRegularFile(jupyter)) {
                    try (var lines = java.nio.file.Files.lines(jupyter)) {
                        String first = lines.findFirst().orElse("");
                        if (first.startsWith("#!") && first.contains("python")) {
                            return first.substring(2).strip().split("\\s+")[0];
                        }
                    }
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // not a script we can read: look further along PATH
            }
        }
        return "python3";
    }
}
