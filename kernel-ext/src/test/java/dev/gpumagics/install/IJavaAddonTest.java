package dev.gpumagics.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The add-on edits a recorded IJava 1.3.0 kernelspec, and uninstall undoes exactly that. */
class IJavaAddonTest {

    @TempDir
    Path dir;
    Path spec;
    Path jar;
    String original;

    @BeforeEach
    void copyRecordedKernelspec() throws Exception {
        spec = Files.createDirectories(dir.resolve("java"));
        try (InputStream in = getClass().getResourceAsStream("/ijava-1.3.0/kernel.json")) {
            original = new String(in.readAllBytes());
        }
        Files.writeString(spec.resolve("kernel.json"), original);
        Files.writeString(spec.resolve("ijava-1.3.0.jar"), "stands for IJava's jar, which this test never runs");
        jar = Files.writeString(dir.resolve("gpumagics.jar"), "the kernel jar's bytes");
    }

    private Set<String> files() throws Exception {
        try (Stream<Path> list = Files.list(spec)) {
            return list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void installAddsTheJarAndStartupScriptAndTouchesNothingElse() throws Exception {
        IJavaAddon.install(spec, jar);
        JsonObject after = JsonParser.parseString(Files.readString(spec.resolve("kernel.json"))).getAsJsonObject();
        JsonObject before = JsonParser.parseString(original).getAsJsonObject();
        JsonObject env = after.getAsJsonObject("env");
        assertEquals(spec.resolve("gpumagics.jar").toAbsolutePath().toString(), env.get("IJAVA_CLASSPATH").getAsString());
        assertEquals(spec.resolve("gpumagics-startup.jshell").toAbsolutePath().toString(), env.get("IJAVA_STARTUP_SCRIPTS_PATH").getAsString());
        after.remove("env");
        before.remove("env");
        assertEquals(before, after, "argv, names and interrupt mode as they were");
        assertEquals("the kernel jar's bytes", Files.readString(spec.resolve("gpumagics.jar")));
        assertTrue(Files.readString(spec.resolve("gpumagics-startup.jshell")).contains("IJava.getKernelInstance()"));
    }

    @Test
    void existingEnvEntriesAreKeptAndOursAppended() throws Exception {
        Files.writeString(spec.resolve("kernel.json"), original.replace("\"env\": {\n  }",
                "\"env\": {\"IJAVA_CLASSPATH\": \"/opt/lib/a.jar\", \"IJAVA_TIMEOUT\": \"-1\"}"));
        String edited = Files.readString(spec.resolve("kernel.json"));
        IJavaAddon.install(spec, jar);
        JsonObject env = JsonParser.parseString(Files.readString(spec.resolve("kernel.json"))).getAsJsonObject().getAsJsonObject("env");
        assertEquals("/opt/lib/a.jar" + File.pathSeparator + spec.resolve("gpumagics.jar").toAbsolutePath(), env.get("IJAVA_CLASSPATH").getAsString());
        assertEquals("-1", env.get("IJAVA_TIMEOUT").getAsString());
        assertTrue(IJavaAddon.uninstall(spec));
        assertEquals(edited, Files.readString(spec.resolve("kernel.json")));
    }

    @Test
    void uninstallRestoresTheKernelspecByteForByte() throws Exception {
        Set<String> before = files();
        IJavaAddon.install(spec, jar);
        assertThrows(IllegalStateException.class, () -> IJavaAddon.install(spec, jar), "not twice");
        assertTrue(IJavaAddon.uninstall(spec));
        assertEquals(original, Files.readString(spec.resolve("kernel.json")));
        assertEquals(before, files());
        assertFalse(IJavaAddon.uninstall(spec), "nothing left to remove");
    }

    @Test
    void uninstallAfterTheUserEditedTheSpecRemovesOnlyOurEntries() throws Exception {
        IJavaAddon.install(spec, jar);
        JsonObject edited = JsonParser.parseString(Files.readString(spec.resolve("kernel.json"))).getAsJsonObject();
        edited.addProperty("display_name", "Java 17");
        Files.writeString(spec.resolve("kernel.json"), edited.toString());
        IJavaAddon.uninstall(spec);
        JsonObject after = JsonParser.parseString(Files.readString(spec.resolve("kernel.json"))).getAsJsonObject();
        assertEquals("Java 17", after.get("display_name").getAsString());
        assertEquals(new JsonObject(), after.getAsJsonObject("env"));
        assertEquals(Set.of("kernel.json", "ijava-1.3.0.jar"), files());
    }

    @Test
    void installPutsTheLibtorchPomsBesideTheJar() throws Exception {
        IJavaAddon.install(spec, jar);
        for (LibtorchPom pom : java.util.List.of(LibtorchPom.CPU, LibtorchPom.GPU)) {
            assertTrue(Files.readString(spec.resolve(pom.name())).contains("<artifactId>pytorch</artifactId>"), pom.name());
        }
        assertTrue(IJavaAddon.uninstall(spec));
        assertEquals(Set.of("kernel.json", "ijava-1.3.0.jar"), files());
    }

    @Test
    void theStartupScriptIsOneStatementThatDeclaresNothing() {
        assertEquals("dev.gpumagics.adapter.ijava.IJavaMagics.register(io.github.spencerpark.ijava.IJava.getKernelInstance());",
                IJavaAddon.STARTUP_SCRIPT.strip(), "no class, method or variable of ours in the notebook");
    }

    @Test
    void aFolderThatIsNotAnIJavaKernelspecIsRefused() throws Exception {
        Path other = Files.createDirectories(dir.resolve("python3"));
        Files.writeString(other.resolve("kernel.json"), "{\"argv\": [\"python3\", \"-m\", \"ipykernel_launcher\"], \"display_name\": \"Python 3\"}");
        assertThrows(IllegalArgumentException.class, () -> IJavaAddon.install(other, jar));
        assertThrows(IllegalArgumentException.class, () -> IJavaAddon.install(dir.resolve("missing"), jar));
    }

    @Test
    void aBrokenKernelJsonIsOneLineAndUntouched() throws Exception {
        Files.writeString(spec.resolve("kernel.json"), "{not json");
        String message = assertThrows(IllegalArgumentException.class, () -> IJavaAddon.install(spec, jar)).getMessage();
        assertEquals(1, message.lines().count(), message);
        assertEquals(spec.resolve("kernel.json") + " is not valid JSON (Expected ':' at line 1 column 7 path $.not): fix or"
                + " reinstall that kernelspec first", message);
        assertEquals("{not json", Files.readString(spec.resolve("kernel.json")));
    }
}
