package dev.gpumagics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.install.LibtorchPom;
import dev.gpumagics.maven.Coordinates;
import dev.gpumagics.maven.MavenResolver;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar in the other kernels, as a user gets there: {@code install --ijava-kernelspec} or
 * {@code --jjava-kernelspec} on the recorded kernelspec, then a JVM with that kernel's classpath only
 * (IJava: basekernel 2.3.0 and Gson 2.8.5; JJava: jjava-jupyter), started from the edited kernel.json
 * as the kernel starts (IJavaHostMain, JJavaHostMain), with libtorch's jars from the add-on's pom.
 */
class AddOnsIT {

    @TempDir
    Path work;

    private static final Path JAR = Path.of(System.getProperty("gpumagics.jar", "target/gpumagics.jar")).toAbsolutePath();

    /** The entries of this JVM's classpath whose path contains one of {@code parts}. */
    private static List<String> classpath(String... parts) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> Arrays.stream(parts).anyMatch(entry::contains)).toList();
    }

    private Path kernelspec(String recorded) throws Exception {
        Path spec = Files.createDirectories(work.resolve(recorded));
        try (InputStream in = getClass().getResourceAsStream("/" + recorded + "/kernel.json")) {
            Files.write(spec.resolve("kernel.json"), in.readAllBytes());
        }
        return spec;
    }

    private Jupyter.Result java(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(args);
        // the kernel's record goes where this test reads it, not among the host's real ones
        Path records = Files.createDirectories(work.resolve("shm"));
        return Jupyter.run(command, work, null, Map.of("GPUMAGICS_KERNELS_DIR", records.toString()));
    }

    /** libtorch's jars as {@code %maven org.bytedeco:pytorch:V} and {@code %loadFromPOM} of the add-on's pom bring them. */
    private static List<String> libtorch() {
        List<Coordinates> recipe = new ArrayList<>();
        recipe.add(Coordinates.parse("org.bytedeco:pytorch:" + LibtorchPom.CPU.pytorchVersion()));
        LibtorchPom.CPU.dependencies().forEach(d -> recipe.add(Coordinates.parse(d)));
        return MavenResolver.fromUserSettings().resolveAll(recipe).stream().map(Path::toString).toList();
    }

    /** Installs into the kernelspec, then runs the host on it: its output. */
    private String installAndRun(String recorded, String option, String host, List<String> hostClasspath) throws Exception {
        Path spec = kernelspec(recorded);
        Jupyter.Result installed = java(List.of("-jar", JAR.toString(), "install", option, spec.toString()));
        assertEquals(0, installed.exit(), installed.toString());
        assertTrue(installed.out().contains("libtorch in a notebook: %maven org.bytedeco:pytorch:" + LibtorchPom.CPU.pytorchVersion()
                + " then %loadFromPOM " + spec.resolve("gpumagics-libtorch-cpu.pom")), installed.out());
        List<String> command = new ArrayList<>(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp",
                String.join(File.pathSeparator, hostClasspath), host, spec.toString()));
        command.addAll(libtorch());
        Jupyter.Result ran = java(command);
        assertEquals(0, ran.exit(), ran.toString());
        return ran.out();
    }

    /** @param kernel the name the kernel's record gives it */
    private static void assertTheMagicsWorked(String out, String kernel) {
        String[] cells = out.split("(?m)^CELL ");
        assertTrue(cells[4].contains("| 1 of 2 variables holds tensors: 256 KiB"), out);
        assertTrue(cells[5].contains("| gpufree: reclaimed 256 KiB from 1 variable"), out);
        assertTrue(cells[6].contains("= true"), out);
        List<String> refusal = cells[7].lines().filter(line -> line.startsWith("! ")).collect(Collectors.toList());
        assertEquals(List.of("! ---------------------------------------------------------------------------",
                "! dev.gpumagics.adapter.jshell.MagicRefused: gpufree: no variable named nosuchvar; nothing was freed"), refusal, out);
        assertTrue(cells[8].contains("| %gpureset: ") || cells[8].contains("MagicRefused: %gpureset: "), out);
        assertTrue(!cells[8].contains("to suspend"), "%gpureset's own hint: " + out);
        assertTrue(cells[9].contains("! dev.gpumagics.adapter.jshell.MagicRefused: %gpuidle needs a kernel that tells GpuMagics when each cell"
                + " starts and ends, and this one does not"), out);
        assertTrue(cells[10].contains("= \"" + kernel + " UNKNOWN true\""), "its record: state unknown, last activity its last code: " + out);
    }

    @Test
    void inIJava() throws Exception {
        List<String> host = new ArrayList<>(classpath("jupyter-jvm-basekernel", "jeromq", "jnacl", "test-classes"));
        Path gson285 = Path.of("..", "magics", "target", "ijava-libs", "gson-2.8.5.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(gson285), "the magics build copies IJava's Gson there");
        host.add(gson285.toString());

        String out = installAndRun("ijava-1.3.0", "--ijava-kernelspec", "dev.gpumagics.adapter.ijava.IJavaHostMain", host);

        assertTheMagicsWorked(out, "IJava");
    }

    @Test
    void inJJava() throws Exception {
        List<String> host = classpath("jjava-jupyter", "gson-2.11", "slf4j-api", "jeromq", "jnacl", "test-classes");

        String out = installAndRun("jjava-1.0-a7", "--jjava-kernelspec", "dev.gpumagics.adapter.jjava.JJavaHostMain", host);

        assertTrue(out.contains("EXTENSIONS [dev.gpumagics.adapter.jjava.GpuMagicsExtension]"), "found on JJAVA_CLASSPATH at start-up: " + out);
        assertTheMagicsWorked(out, "JJava");
    }
}
