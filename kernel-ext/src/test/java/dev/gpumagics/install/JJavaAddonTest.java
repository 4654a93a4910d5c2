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

/** The add-on edits a recorded JJava 1.0-a7 kernelspec, and uninstall undoes exactly that. */
class JJavaAddonTest {

    @TempDir
    Path dir;
    Path spec;
    Path jar;
    byte[] original;

    @BeforeEach
    void copyRecordedKernelspec() throws Exception {
        spec = Files.createDirectories(dir.resolve("java"));
        try (InputStream in = getClass().getResourceAsStream("/jjava-1.0-a7/kernel.json")) {
            original = in.readAllBytes();
        }
        Files.write(spec.resolve("kernel.json"), original);
        Files.writeString(spec.resolve("jjava-launcher.jar"), "stands for JJava's launcher, which this test never runs");
        Files.writeString(spec.resolve("jjava.jar"), "stands for JJava's kernel jar");
        jar = Files.writeString(dir.resolve("gpumagics.jar"), "the kernel jar's bytes");
    }

    private Set<String> files() throws Exception {
        try (Stream<Path> list = Files.list(spec)) {
            return list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void installPutsTheJarOnJJavasClasspathAndTouchesNothingElse() throws Exception {
        JJavaAddon.install(spec, jar);

        JsonObject after = JsonParser.parseString(Files.readString(spec.resolve("kernel.json"))).getAsJsonObject();
        JsonObject before = JsonParser.parseString(new String(original)).getAsJsonObject();
        assertEquals(Set.of("JJAVA_CLASSPATH"), after.getAsJsonObject("env").keySet(), "JJava finds the extension there: no script");
        assertEquals(spec.resolve("gpumagics.jar").toAbsolutePath().toString(), after.getAsJsonObject("env").get("JJAVA_CLASSPATH").getAsString());
        after.remove("env");
        before.remove("env");
        assertEquals(before, after, "argv, names, interrupt mode and metadata as they were");
        assertEquals("the kernel jar's bytes", Files.readString(spec.resolve("gpumagics.jar")));
        assertEquals(Set.of("kernel.json", "jjava-launcher.jar", "jjava.jar", "gpumagics.jar", "kernel.json.before-gpumagics",
                "gpumagics-libtorch-cpu.pom", "gpumagics-libtorch-gpu.pom"), files());
    }

    @Test
    void uninstallRestoresTheKernelspecByteForByte() throws Exception {
        Set<String> before = files();
        JJavaAddon.install(spec, jar);
        assertThrows(IllegalStateException.class, () -> JJavaAddon.install(spec, jar), "not twice");

        assertTrue(JJavaAddon.uninstall(spec));

        assertEquals(new String(original), Files.readString(spec.resolve("kernel.json")));
        assertTrue(java.util.Arrays.equals(original, Files.readAllBytes(spec.resolve("kernel.json"))), "byte for byte");
        assertEquals(before, files());
        assertFalse(JJavaAddon.uninstall(spec), "nothing left to remove");
    }

    @Test
    void anExistingJJavaClasspathIsKeptAndOursAppended() throws Exception {
        String edited = new String(original).replace("\"env\": {\n    }", "\"env\": {\"JJAVA_CLASSPATH\": \"/opt/lib/a.jar\", \"JJAVA_JVM_OPTS\": \"-Xmx8g\"}");
        Files.writeString(spec.resolve("kernel.json"), edited);
        JJavaAddon.install(spec, jar);
        JsonObject env = JsonParser.parseString(Files.readString(spec.resolve("kernel.json"))).getAsJsonObject().getAsJsonObject("env");
        assertEquals("/opt/lib/a.jar" + File.pathSeparator + spec.resolve("gpumagics.jar").toAbsolutePath(), env.get("JJAVA_CLASSPATH").getAsString());
        assertEquals("-Xmx8g", env.get("JJAVA_JVM_OPTS").getAsString());
        assertTrue(JJavaAddon.uninstall(spec));
        assertEquals(edited, Files.readString(spec.resolve("kernel.json")));
    }

    @Test
    void uninstallAfterTheUserEditedTheSpecRemovesOnlyOurEntry() throws Exception {
        JJavaAddon.install(spec, jar);
        JsonObject edited = JsonParser.parseString(Files.readString(spec.resolve("kernel.json"))).getAsJsonObject();
        edited.addProperty("display_name", "Java 21");
        Files.writeString(spec.resolve("kernel.json"), edited.toString());

        JJavaAddon.uninstall(spec);

        JsonObject after = JsonParser.parseString(Files.readString(spec.resolve("kernel.json"))).getAsJsonObject();
        assertEquals("Java 21", after.get("display_name").getAsString());
        assertEquals(new JsonObject(), after.getAsJsonObject("env"));
        assertEquals(Set.of("kernel.json", "jjava-launcher.jar", "jjava.jar"), files());
    }

    @Test
    void anIJavaKernelspecIsNotTakenForJJavasNorTheOtherWayRound() throws Exception {
        Path ijava = Files.createDirectories(dir.resolve("ijava"));
        try (InputStream in = getClass().getResourceAsStream("/ijava-1.3.0/kernel.json")) {
            Files.write(ijava.resolve("kernel.json"), in.readAllBytes());
        }
        assertEquals(ijava + " does not look like JJava's kernelspec (its argv names no jjava jar)",
                assertThrows(IllegalArgumentException.class, () -> JJavaAddon.install(ijava, jar)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> IJavaAddon.install(spec, jar));
        assertEquals(new String(original), Files.readString(spec.resolve("kernel.json")));
    }
}
