package dev.gpumagics.install;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Our kernelspec: a folder holding {@code kernel.json} and a copy of the kernel jar, so that it keeps
 * working after the build folder is cleaned.
 */
public final class KernelSpec {

    public static final String DEFAULT_NAME = "gpumagics-java";
    public static final String DEFAULT_DISPLAY_NAME = "Java (GpuMagics)";
    static final String JAR = "gpumagics.jar";

    /**
     * Measured (docs/BENCHMARKS.md): SerialGC and C1 only keep start-up and RSS down for a notebook,
     * the heap gives memory back when idle; java.lang is opened so that JavaCPP can bind torch's JNI
     * library to the notebook's class loader.
     */
    public static final List<String> JVM_OPTIONS = List.of(
            "-XX:+UseSerialGC",
            "-Xms16m",
            "-XX:ReservedCodeCacheSize=32m",
            "-XX:TieredStopAtLevel=1",
            "-Xshare:auto",
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED");

    private KernelSpec() {}

    /** The kernel.json Jupyter reads: {@code java [options] -jar DIR/gpumagics.jar kernel {connection_file}}. */
    public static JsonObject json(Path java, Path jar, String displayName) {
        JsonArray argv = new JsonArray();
        argv.add(java.toString());
        JVM_OPTIONS.forEach(argv::add);
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
        spec.add("env", new JsonObject());
        JsonObject metadata = new JsonObject();
        metadata.addProperty("installed_by", "gpumagics");
        spec.add("metadata", metadata);
        return spec;
    }

    /** Writes the kernelspec folder {@code kernels/NAME}; returns it. Replaces an earlier GpuMagics one. */
    public static Path install(Path kernelsDir, String name, String displayName, Path jar, Path java) throws IOException {
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
        String text = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                .toJson(json(java, installedJar.toAbsolutePath(), displayName));
        Files.writeString(dir.resolve("kernel.json"), text + "\n");
        return dir;
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
        try (var rest = Files.list(dir)) {
            if (rest.findAny().isEmpty()) {
                Files.delete(dir);
            }
        }
        return true;
    }

    private static boolean isOurs(Path dir) throws IOException {
        String text = Files.readString(dir.resolve("kernel.json"));
        return text.contains("\"installed_by\": \"gpumagics\"");
    }

    private static void checkName(String name) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("a kernel name is letters, digits, '.', '_' and '-': " + name);
        }
    }
}
