package dev.gpumagics.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpumagics.internal.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSpecTest {

    @TempDir
    Path dir;

    /** Whatever the JVM prints about its options lands in every notebook's start-up log; it must print nothing. */
    @Test
    void theJvmTakesTheKernelsOptionsWithoutAWord() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(KernelSpec.JVM_OPTIONS);
        command.add("-version");
        CommandRunner.Outcome.Finished java = assertInstanceOf(CommandRunner.Outcome.Finished.class,
                CommandRunner.run(command, Duration.ofSeconds(60)));
        String output = java.stdout() + java.stderr();

        assertEquals(0, java.exitCode(), output);
        assertTrue(output.lines().noneMatch(line -> line.contains("warning") || line.contains("Warning")), output);
    }

    @Test
    void theEnvironmentGivenGoesIntoKernelJsonsEnvInOrder() throws Exception {
        Path jar = Files.writeString(dir.resolve("built.jar"), "jar");
        var environment = new java.util.LinkedHashMap<String, String>();
        environment.put("PYTORCH_CUDA_ALLOC_CONF", "expandable_segments:True");
        environment.put("EMPTY", "");
        KernelSpec.Installed installed = KernelSpec.install(dir.resolve("kernels"), "gpu-java", "Java GPU", jar, Path.of("/usr/bin/java"),
                (java, installedJar, archive) -> Optional.of("not recorded in this test"), environment);
        String text = Files.readString(installed.dir().resolve("kernel.json"));
        JsonObject env = JsonParser.parseString(text).getAsJsonObject().getAsJsonObject("env");
        assertEquals("{\"PYTORCH_CUDA_ALLOC_CONF\":\"expandable_segments:True\",\"EMPTY\":\"\"}", env.toString());
        assertTrue(text.contains("\"PYTORCH_CUDA_ALLOC_CONF\": \"expandable_segments:True\""), "written as given, not escaped: " + text);
        assertEquals("{}", JsonParser.parseString(Files.readString(KernelSpec.install(dir.resolve("k2"), "plain", "Plain", jar,
                Path.of("/usr/bin/java")).resolve("kernel.json"))).getAsJsonObject().getAsJsonObject("env").toString());
    }

    @Test
    void installWritesAKernelJsonThatRunsTheCopiedJar() throws Exception {
        Path jar = Files.writeString(dir.resolve("built.jar"), "jar");
        Path spec = KernelSpec.install(dir.resolve("kernels"), "gpu-java", "Java GPU", jar, Path.of("/usr/bin/java"));
        JsonObject json = JsonParser.parseString(Files.readString(spec.resolve("kernel.json"))).getAsJsonObject();
        String argv = json.getAsJsonArray("argv").toString();
        assertTrue(argv.startsWith("[\"/usr/bin/java\",\"-XX:+UseSerialGC\""), argv);
        assertTrue(argv.endsWith("\"-jar\",\"" + spec.resolve("gpumagics.jar").toAbsolutePath() + "\",\"kernel\",\"{connection_file}\"]"), argv);
        assertTrue(argv.contains("\"--add-opens\",\"java.base/java.lang=ALL-UNNAMED\""), argv);
        assertEquals("Java GPU", json.get("display_name").getAsString());
        assertEquals("message", json.get("interrupt_mode").getAsString());
        assertEquals("jar", Files.readString(spec.resolve("gpumagics.jar")));

        assertTrue(KernelSpec.uninstall(dir.resolve("kernels"), "gpu-java"));
        assertFalse(Files.exists(spec));
        assertFalse(KernelSpec.uninstall(dir.resolve("kernels"), "gpu-java"));
    }

    @Test
    void aRecordedArchiveIsMappedAndLeavesTheRecordedJarUntouched() throws Exception {
        Path jar = Files.writeString(dir.resolve("built.jar"), "jar");
        long[] jarTimeWhenRecorded = new long[1];
        KernelSpec.Installed installed = KernelSpec.install(dir.resolve("kernels"), "gpu-java", "Java GPU", jar,
                Path.of("/usr/bin/java"), (java, installedJar, archive) -> {
                    jarTimeWhenRecorded[0] = installedJar.toFile().lastModified();
                    try {
                        Files.writeString(archive, "archive");
                    } catch (java.io.IOException e) {
                        return Optional.of(e.toString());
                    }
                    return Optional.empty();
                });
        Path spec = installed.dir();
        String argv = JsonParser.parseString(Files.readString(spec.resolve("kernel.json"))).getAsJsonObject().getAsJsonArray("argv").toString();
        assertTrue(argv.contains("\"-XX:SharedArchiveFile=" + spec.resolve("gpumagics.jsa").toAbsolutePath() + "\",\"-Xlog:cds=off\""), argv);
        assertTrue(argv.endsWith("\"-jar\",\"" + spec.resolve("gpumagics.jar").toAbsolutePath() + "\",\"kernel\",\"{connection_file}\"]"), argv);
        assertEquals(jarTimeWhenRecorded[0], spec.resolve("gpumagics.jar").toFile().lastModified(),
                "the JVM refuses an archive whose jar changed after recording");
        assertEquals(Optional.empty(), installed.noArchive());

        assertTrue(KernelSpec.uninstall(dir.resolve("kernels"), "gpu-java"));
        assertFalse(Files.exists(spec), "uninstall removes the archive too");
    }

    @Test
    void withoutAnArchiveTheKernelspecRunsPlainAndSaysWhy() throws Exception {
        Path jar = Files.writeString(dir.resolve("built.jar"), "jar");
        KernelSpec.Installed installed = KernelSpec.install(dir.resolve("kernels"), "gpu-java", "Java GPU", jar,
                Path.of("/usr/bin/java"), (java, installedJar, archive) -> Optional.of("the recording run timed out"));
        String argv = Files.readString(installed.dir().resolve("kernel.json"));
        assertFalse(argv.contains("SharedArchiveFile"), argv);
        assertEquals(Optional.of("the recording run timed out"), installed.noArchive());
    }

    /** A kernel.json that a tool or a person laid out anew (one line, keys reordered) is still recognised as ours. */
    @Test
    void aReformattedKernelJsonStillUninstalls() throws Exception {
        Path jar = Files.writeString(dir.resolve("built.jar"), "jar");
        Path spec = KernelSpec.install(dir.resolve("kernels"), "gpu-java", "Java GPU", jar, Path.of("/usr/bin/java"));
        JsonObject json = JsonParser.parseString(Files.readString(spec.resolve("kernel.json"))).getAsJsonObject();
        JsonObject reordered = new JsonObject();
        reordered.add("metadata", json.get("metadata"));
        json.entrySet().stream().filter(e -> !e.getKey().equals("metadata")).forEach(e -> reordered.add(e.getKey(), e.getValue()));
        Files.writeString(spec.resolve("kernel.json"), reordered.toString());

        assertTrue(KernelSpec.uninstall(dir.resolve("kernels"), "gpu-java"));
        assertFalse(Files.exists(spec));
    }

    @Test
    void someoneElsesKernelspecIsLeftAlone() throws Exception {
        Path other = Files.createDirectories(dir.resolve("kernels").resolve("java"));
        Files.writeString(other.resolve("kernel.json"), "{\"argv\": [\"java\", \"-jar\", \"ijava.jar\"]}");
        Path jar = Files.writeString(dir.resolve("built.jar"), "jar");
        assertThrows(IllegalStateException.class, () -> KernelSpec.install(dir.resolve("kernels"), "java", "J", jar, Path.of("java")));
        assertThrows(IllegalStateException.class, () -> KernelSpec.uninstall(dir.resolve("kernels"), "java"));
        assertThrows(IllegalArgumentException.class, () -> KernelSpec.install(dir.resolve("kernels"), "../escape", "J", jar, Path.of("java")));
        // a file that only mentions our marker in a string, or is not JSON at all, is not ours either
        Files.writeString(other.resolve("kernel.json"), "{\"display_name\": \"\\\"installed_by\\\": \\\"gpumagics\\\"\"}");
        assertThrows(IllegalStateException.class, () -> KernelSpec.uninstall(dir.resolve("kernels"), "java"));
        Files.writeString(other.resolve("kernel.json"), "not json");
        assertThrows(IllegalStateException.class, () -> KernelSpec.uninstall(dir.resolve("kernels"), "java"));
    }

    @Test
    void theUserDirFollowsJupytersOwnRules() {
        Path home = Path.of("/home/u");
        assertEquals(Path.of("/d/kernels"), new KernelSpecDirs(Map.of("JUPYTER_DATA_DIR", "/d"), home).user());
        assertEquals(Path.of("/x/jupyter/kernels"), new KernelSpecDirs(Map.of("XDG_DATA_HOME", "/x"), home).user());
        assertEquals(Path.of("/home/u/.local/share/jupyter/kernels"), new KernelSpecDirs(Map.of(), home).user());
        assertEquals(Path.of("/p/share/jupyter/kernels"), new KernelSpecDirs(Map.of(), home).prefix(Path.of("/p")));
        assertEquals(Path.of("/usr/share/jupyter/kernels"),
                new KernelSpecDirs(Map.of("GPUMAGICS_PYTHON", "/usr/bin/python3"), home).sysPrefix());
    }
}
