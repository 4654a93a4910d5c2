package dev.gpumagics.install;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Adds the GPU magics to an existing IJava 1.3.0 kernelspec, and takes them out again. Install copies
 * the jar and a startup script into the kernelspec folder and appends them to IJAVA_CLASSPATH and
 * IJAVA_STARTUP_SCRIPTS_PATH; it keeps the original kernel.json beside them, so that uninstall puts
 * it back byte for byte (or, if the user edited it since, removes only our two entries).
 */
public final class IJavaAddon {

    static final String JAR = "gpumagics.jar";
    static final String SCRIPT = "gpumagics-startup.jshell";
    static final String BACKUP = "kernel.json.before-gpumagics";
    static final String CLASSPATH = "IJAVA_CLASSPATH";
    static final String SCRIPTS = "IJAVA_STARTUP_SCRIPTS_PATH";

    /**
     * Runs in IJava's JShell: one statement, so the notebook gains no class, method or variable of ours.
     * IJava loads the jar into its snippet class loader, so the magics find %maven's torch there.
     */
    public static final String STARTUP_SCRIPT = """
            dev.gpumagics.adapter.ijava.IJavaMagics.register(io.github.spencerpark.ijava.IJava.getKernelInstance());
            """;

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private IJavaAddon() {}

    public static void install(Path kernelspec, Path jar) throws IOException {
        Path json = kernelJson(kernelspec);
        String original = Files.readString(json);
        JsonObject spec = parse(json, original);
        if (Files.exists(kernelspec.resolve(BACKUP))) {
            throw new IllegalStateException("GpuMagics is already added to " + kernelspec + "; uninstall it first");
        }
        if (!spec.toString().contains("ijava")) {
            throw new IllegalArgumentException(kernelspec + " does not look like an IJava kernelspec (its argv names no ijava jar)");
        }
        Path installedJar = kernelspec.resolve(JAR).toAbsolutePath();
        Path script = kernelspec.resolve(SCRIPT).toAbsolutePath();
        Files.copy(jar, installedJar, StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(script, STARTUP_SCRIPT);
        JsonObject env = spec.has("env") && spec.get("env").isJsonObject() ? spec.getAsJsonObject("env") : new JsonObject();
        env.addProperty(CLASSPATH, append(env, CLASSPATH, installedJar.toString()));
        env.addProperty(SCRIPTS, append(env, SCRIPTS, script.toString()));
        spec.add("env", env);
        Files.writeString(kernelspec.resolve(BACKUP), original);
        Files.writeString(json, GSON.toJson(spec) + "\n");
    }

    /** @return false when GpuMagics was not added to this kernelspec */
    public static boolean uninstall(Path kernelspec) throws IOException {
        Path json = kernelJson(kernelspec);
        Path backup = kernelspec.resolve(BACKUP);
        if (!Files.exists(backup)) {
            return false;
        }
        String original = Files.readString(backup);
        JsonObject current = parse(json, Files.readString(json));
        JsonObject before = parse(backup, original);
        JsonObject expected = before.deepCopy();
        JsonObject env = expected.has("env") && expected.get("env").isJsonObject() ? expected.getAsJsonObject("env") : new JsonObject();
        env.addProperty(CLASSPATH, append(env, CLASSPATH, kernelspec.resolve(JAR).toAbsolutePath().toString()));
        env.addProperty(SCRIPTS, append(env, SCRIPTS, kernelspec.resolve(SCRIPT).toAbsolutePath().toString()));
        expected.add("env", env);
        if (current.equals(expected)) {
            Files.writeString(json, original); // untouched since install: restore it exactly
        } else {
            Files.writeString(json, GSON.toJson(withoutOurEntries(current, kernelspec)) + "\n");
        }
        Files.deleteIfExists(kernelspec.resolve(JAR));
        Files.deleteIfExists(kernelspec.resolve(SCRIPT));
        Files.delete(backup);
        return true;
    }

    private static JsonObject withoutOurEntries(JsonObject spec, Path kernelspec) {
        if (spec.has("env") && spec.get("env").isJsonObject()) {
            JsonObject env = spec.getAsJsonObject("env");
            remove(env, CLASSPATH, kernelspec.resolve(JAR).toAbsolutePath().toString());
            remove(env, SCRIPTS, kernelspec.resolve(SCRIPT).toAbsolutePath().toString());
        }
        return spec;
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

    private static JsonObject parse(Path file, String text) {
        try {
            JsonElement parsed = JsonParser.parseString(text);
            if (!parsed.isJsonObject()) {
                throw new IllegalArgumentException(file + " is not a JSON object");
            }
            return parsed.getAsJsonObject();
        } catch (JsonSyntaxException e) {
            // Gson's message names its exception class and adds a troubleshooting link on a second line
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String why = cause.getMessage() == null ? "" : cause.getMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException(file + " is not valid JSON" + (why.isBlank() ? "" : " (" + why.strip() + ")")
                    + ": fix or reinstall that kernelspec first");
        }
    }
}
