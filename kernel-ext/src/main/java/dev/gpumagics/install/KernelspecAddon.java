package dev.gpumagics.install;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Adds the GPU magics to another Java kernel's kernelspec (IJava 1.3.0, JJava), and takes them out
 * again. Install copies the jar, the libtorch poms for {@code %loadFromPOM} and, where the kernel needs
 * one, a startup script into the kernelspec folder, and appends them to the kernel's own variables; it
 * keeps the original kernel.json beside them, so that uninstall puts it back byte for byte (or, if the
 * user edited it since, removes only our entries).
 */
public final class KernelspecAddon {

    static final String JAR = "gpumagics.jar";
    static final String SCRIPT = "gpumagics-startup.jshell";
    static final String BACKUP = "kernel.json.before-gpumagics";
    /** libtorch's native jars for {@code %loadFromPOM}: IJava's {@code %maven} cannot ask for a classifier. */
    static final List<String> LIBTORCH_POMS = List.of(LibtorchPom.CPU.name(), LibtorchPom.GPU.name());

    /**
     * What differs between the kernels.
     *
     * @param argvMarker what the kernel's argv names (its jar), to recognise its kernelspec
     * @param classpath the variable whose jars the kernel adds to its JShell
     * @param startupScripts the variable listing startup scripts, where the magics need one to be registered
     */
    record Host(String kernel, String argvMarker, String classpath, Optional<StartupScript> startupScripts) {}

    /** A startup script the kernel runs from the files listed in {@code variable}. */
    record StartupScript(String variable, String text) {}

    private final Host host;

    KernelspecAddon(Host host) {
        this.host = host;
    }

    void install(Path kernelspec, Path jar) throws IOException {
        Path json = kernelJson(kernelspec);
        String original = Files.readString(json);
        JsonObject spec = KernelJson.parse(json, original);
        if (Files.exists(kernelspec.resolve(BACKUP))) {
            throw new IllegalStateException("GpuMagics is already added to " + kernelspec + "; uninstall it first");
        }
        if (!namesInArgv(spec, host.argvMarker())) {
            throw new IllegalArgumentException(kernelspec + " does not look like " + host.kernel() + "'s kernelspec (its argv names no "
                    + host.argvMarker() + " jar)");
        }
        Files.copy(jar, kernelspec.resolve(JAR), StandardCopyOption.REPLACE_EXISTING);
        for (String pom : LIBTORCH_POMS) {
            try (InputStream in = KernelspecAddon.class.getResourceAsStream(pom)) {
                if (in == null) {
                    throw new IllegalStateException("this gpumagics.jar lacks " + pom + "; rebuild it with mvn package");
                }
                Files.copy(in, kernelspec.resolve(pom), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        host.startupScripts().ifPresent(script -> write(kernelspec.resolve(SCRIPT), script.text()));
        JsonObject env = spec.has("env") && spec.get("env").isJsonObject() ? spec.getAsJsonObject("env") : new JsonObject();
        ourEntries(kernelspec).forEach((key, entry) -> env.addProperty(key, append(env, key, entry)));
        spec.add("env", env);
        Files.writeString(kernelspec.resolve(BACKUP), original);
        KernelJson.write(json, spec);
    }

    /** @return false when GpuMagics was not added to this kernelspec */
    boolean uninstall(Path kernelspec) throws IOException {
        Path json = kernelJson(kernelspec);
        Path backup = kernelspec.resolve(BACKUP);
        if (!Files.exists(backup)) {
            return false;
        }
        String original = Files.readString(backup);
        JsonObject current = KernelJson.parse(json, Files.readString(json));
        JsonObject expected = KernelJson.parse(backup, original).deepCopy();
        JsonObject env = expected.has("env") && expected.get("env").isJsonObject() ? expected.getAsJsonObject("env") : new JsonObject();
        ourEntries(kernelspec).forEach((key, entry) -> env.addProperty(key, append(env, key, entry)));
        expected.add("env", env);
        if (current.equals(expected)) {
            Files.writeString(json, original); // untouched since install: restore it exactly
        } else {
            KernelJson.write(json, withoutOurEntries(current, kernelspec));
        }
        Files.deleteIfExists(kernelspec.resolve(JAR));
        Files.deleteIfExists(kernelspec.resolve(SCRIPT));
        for (String pom : LIBTORCH_POMS) {
            Files.deleteIfExists(kernelspec.resolve(pom));
        }
        Files.delete(backup);
        return true;
    }

    /** Each variable install appends to, with the absolute path it appends. */
    private Map<String, String> ourEntries(Path kernelspec) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(host.classpath(), kernelspec.resolve(JAR).toAbsolutePath().toString());
        host.startupScripts().ifPresent(script -> entries.put(script.variable(), kernelspec.resolve(SCRIPT).toAbsolutePath().toString()));
        return entries;
    }

    private JsonObject withoutOurEntries(JsonObject spec, Path kernelspec) {
        if (spec.has("env") && spec.get("env").isJsonObject()) {
            JsonObject env = spec.getAsJsonObject("env");
            ourEntries(kernelspec).forEach((key, entry) -> remove(env, key, entry));
        }
        return spec;
    }

    private static boolean namesInArgv(JsonObject spec, String marker) {
        if (!spec.has("argv") || !spec.get("argv").isJsonArray()) {
            return false;
        }
        return StreamSupport.stream(spec.getAsJsonArray("argv").spliterator(), false)
                .anyMatch(arg -> arg.isJsonPrimitive() && arg.getAsString().contains(marker));
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void remove(JsonObject env, String key, String entry) {
        if (!env.has(key)) {
            return;
        }
        String rest = Arrays.stream(env.get(key).getAsString().split(File.pathSeparator))
                .filter(part -> !part.equals(entry)).collect(Collectors.joining(File.pathSeparator));
        if (rest.isEmpty()) {
            env.remove(key);
        } else {
            env.addProperty(key, rest);
        }
    }

    private static String append(JsonObject env, String key, String entry) {
        JsonElement existing = env.get(key);
        String before = existing == null || existing.isJsonNull() ? "" : existing.getAsString();
        return before.isBlank() ? entry : before + File.pathSeparator + entry;
    }

    private static Path kernelJson(Path kernelspec) {
        Path json = kernelspec.resolve("kernel.json");
        if (!Files.isRegularFile(json)) {
            throw new IllegalArgumentException("no kernel.json in " + kernelspec);
        }
        return json;
    }
}
