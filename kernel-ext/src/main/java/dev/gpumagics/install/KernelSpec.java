package dev.gpumagics.install;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Our kernelspec: a folder holding {@code kernel.json} and a copy of the kernel jar, so that it keeps
 * working after the build folder is cleaned.
 */
public final class KernelSpec {

    public static final String DEFAULT_NAME = "gpumagics-java";
    public static final String DEFAULT_DISPLAY_NAME = "Java (GpuMagics)";
    static final String JAR = "gpumagics.jar";
    static final String ARCHIVE = "gpumagics.jsa";
    /** What kernel.json's {@code metadata.installed_by} says in a kernelspec GpuMagics made. */
    static final String INSTALLED_BY = "gpumagics";

    /**
     * Measured side by side with IJava 1.3.0, in lockstep (docs/BENCHMARKS.md, "The kernel's JVM options against the work
     * that grows"): SerialGC keeps RSS lowest; its young generation is left to grow with use, since a fixed 16 MiB one
     * promoted javac's per-compile garbage and made {@code 1+1} grow 2.4x with 1,000 declared variables; C2, with a code
     * cache that holds javac's compiled code, halves what each of JShell's compiles costs at that size. The heap gives
     * memory back at a full collection; the initial heap keeps start-up small. java.lang is opened so that JavaCPP can
     * bind torch's JNI library to the notebook's class loader. G1 with periodic collections gave memory back when idle
     * but held 100 MB more while working.
     */
    public static final List<String> JVM_OPTIONS = List.of(
            "-XX:+UseSerialGC",
            "-Xms32m",
            "-XX:ReservedCodeCacheSize=64m",
            "-Xshare:auto",
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED");

    private KernelSpec() {}

    /**
     * Maps the start-up archive install made (measured: first idle 0.74-0.78 s without, 0.58 s with); a
     * JVM that cannot use it (another JDK build, say) starts without it, and the log lines saying so are off.
     */
    static List<String> archiveOptions(Path archive) {
        return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /** The kernel.json Jupyter reads: {@code java [options] -jar DIR/gpumagics.jar kernel {connection_file}}. */
    public static JsonObject json(Path java, Path jar, String displayName) {
        return json(java, jar, displayName, Optional.empty());
    }

    /** The same, mapping a start-up archive where there is one. */
    public static JsonObject json(Path java, Path jar, String displayName, Optional<Path> archive) {
        return json(java, jar, displayName, archive, Map.of());
    }

    /**
     * The same, with the kernel's environment ({@code install --env}): what must be set before the kernel's JVM
     * starts, such as libtorch's PYTORCH_CUDA_ALLOC_CONF, which it reads once, when its CUDA allocator starts.
     */
    public static JsonObject json(Path java, Path jar, String displayName, Optional<Path> archive, Map<String, String> environment) {
        JsonArray argv = new JsonArray();
        argv.add(java.toString());
        JVM_OPTIONS.forEach(argv::add);
        archive.ifPresent(path -> archiveOptions(path).forEach(argv::add));
        argv.add("-jar");
        argv.add(jar.toString());
        argv.add("kernel");
        argv.add("{connection_file}");
        JsonObject spec = new JsonObject();
        spec.add("argv", argv);
        spec.addProperty("display_name", displayName);
        spec.addProperty("language", "java");
        // a SIGINT would end the JVM; interrupt_request stops the running cell instead
        spec.addProperty("interrupt_mode", "message");
        JsonObject env = new JsonObject();
        environment.forEach(env::addProperty);
        spec.add("env", env);
        JsonObject metadata = new JsonObject();
        metadata.addProperty("installed_by", INSTALLED_BY);
        spec.add("metadata", metadata);
        return spec;
    }

    /** Writes the kernelspec folder {@code kernels/NAME}; returns it. Replaces an earlier GpuMagics one. */
    public static Path install(Path kernelsDir, String name, String displayName, Path jar, Path java) throws IOException {
        return install(kernelsDir, name, displayName, jar, java, Optional.empty(), Map.of());
    }

    /**
     * As {@link #install(Path, String, String, Path, Path)}, then records a start-up archive with
     * {@code archiver} and maps it in kernel.json; where none could be made, the kernelspec runs without.
     *
     * @return the kernelspec folder, and why no archive was made, if none was
     */
    public static Installed install(Path kernelsDir, String name, String displayName, Path jar, Path java,
            StartupArchive archiver) throws IOException {
        return install(kernelsDir, name, displayName, jar, java, archiver, Map.of());
    }

    /** The same, with the kernel's environment in kernel.json's {@code env}. */
    public static Installed install(Path kernelsDir, String name, String displayName, Path jar, Path java,
            StartupArchive archiver, Map<String, String> environment) throws IOException {
        Path dir = install(kernelsDir, name, displayName, jar, java, Optional.empty(), environment);
        Path archive = dir.resolve(ARCHIVE);
        Optional<String> failure = archiver.record(java, dir.resolve(JAR), archive);
        if (failure.isEmpty()) {
            // kernel.json only: the archive holds the jar's size and time, so the jar must stay as recorded
            writeJson(dir, java, dir.resolve(JAR).toAbsolutePath(), displayName, Optional.of(archive.toAbsolutePath()), environment);
        }
        return new Installed(dir, failure);
    }

    /** A kernelspec folder and, if it runs without a start-up archive, why. */
    public record Installed(Path dir, Optional<String> noArchive) {}

    private static Path install(Path kernelsDir, String name, String displayName, Path jar, Path java,
            Optional<Path> archive, Map<String, String> environment) throws IOException {
        checkName(name);
        Path dir = kernelsDir.resolve(name);
        if (Files.exists(dir.resolve("kernel.json")) && !isOurs(dir)) {
            throw new IllegalStateException("a kernelspec not made by GpuMagics is already at " + dir + "; choose another --name");
        }
        Files.createDirectories(dir);
        Path installedJar = dir.resolve(JAR);
        if (!jar.toAbsolutePath().normalize().equals(installedJar.toAbsolutePath().normalize())) {
            Files.copy(jar, installedJar, StandardCopyOption.REPLACE_EXISTING);
        }
        writeJson(dir, java, installedJar.toAbsolutePath(), displayName, archive, environment);
        return dir;
    }

    private static void writeJson(Path dir, Path java, Path jar, String displayName, Optional<Path> archive,
            Map<String, String> environment) throws IOException {
        KernelJson.write(dir.resolve("kernel.json"), json(java, jar, displayName, archive, environment));
    }

    /** Removes {@code kernels/NAME} if GpuMagics made it; returns whether there was one. */
    public static boolean uninstall(Path kernelsDir, String name) throws IOException {
        checkName(name);
        Path dir = kernelsDir.resolve(name);
        if (!Files.exists(dir.resolve("kernel.json"))) {
            return false;
        }
        if (!isOurs(dir)) {
            throw new IllegalStateException("the kernelspec at " + dir + " was not made by GpuMagics; left as it is");
        }
        Files.deleteIfExists(dir.resolve("kernel.json"));
        Files.deleteIfExists(dir.resolve(JAR));
        Files.deleteIfExists(dir.resolve(ARCHIVE));
        try (var rest = Files.list(dir)) {
            if (rest.findAny().isEmpty()) {
                Files.delete(dir);
            }
        }
        return true;
    }

    /** By what the file says, however it is laid out: a kernelspec reformatted by hand or by a tool is still ours. */
    private static boolean isOurs(Path dir) throws IOException {
        return KernelJson.installedBy(dir.resolve("kernel.json")).equals(Optional.of(INSTALLED_BY));
    }

    private static void checkName(String name) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("a kernel name is letters, digits, '.', '_' and '-': " + name);
        }
    }
}
