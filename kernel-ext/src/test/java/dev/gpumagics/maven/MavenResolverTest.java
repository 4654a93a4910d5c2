package dev.gpumagics.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real resolution through Maven's resolver and the user's ~/.m2 (where the build already put these). */
class MavenResolverTest {

    private static List<String> names(List<Path> jars) {
        return jars.stream().map(p -> p.getFileName().toString()).sorted().toList();
    }

    @Test
    void aJavacppNativesClassifierBringsClassesAndEveryPresetsNatives() {
        List<Path> jars = MavenResolver.fromUserSettings()
                .resolve(Coordinates.parse("org.bytedeco:pytorch:2.10.0-1.5.13:linux-x86_64"));
        jars.forEach(jar -> assertTrue(Files.isRegularFile(jar), jar.toString()));
        // cuda is an optional dependency of pytorch, which Maven leaves out: so does %maven
        assertEquals(List.of(
                "javacpp-1.5.13-linux-x86_64.jar", "javacpp-1.5.13.jar",
                "openblas-0.3.31-1.5.13-linux-x86_64.jar", "openblas-0.3.31-1.5.13.jar",
                "pytorch-2.10.0-1.5.13-linux-x86_64.jar", "pytorch-2.10.0-1.5.13.jar"), names(jars));
    }

    @Test
    void optionalDependenciesAreLeftOutAsMavenLeavesThem() {
        List<String> jars = names(MavenResolver.fromUserSettings().resolve(Coordinates.parse("org.bytedeco:pytorch:2.10.0-1.5.13")));
        assertEquals(List.of("javacpp-1.5.13.jar", "openblas-0.3.31-1.5.13.jar", "pytorch-2.10.0-1.5.13.jar"), jars,
                "pytorch's pom lists cuda with <optional>true</optional>");
    }

    @Test
    void aPlainCoordinateBringsItsRuntimeDependencies() {
        List<String> jars = names(MavenResolver.fromUserSettings().resolve(Coordinates.parse("com.google.code.gson:gson:2.11.0")));
        assertEquals(List.of("error_prone_annotations-2.27.0.jar", "gson-2.11.0.jar"), jars);
    }

    @Test
    void badCoordinatesSayTheExpectedFormInOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Coordinates.parse("just-a-name"));
        assertEquals("not a Maven coordinate: 'just-a-name'; expected group:artifact:version[:classifier]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Coordinates.parse("a::1"));
        assertEquals("linux-x86_64", Coordinates.parse("g:a:1:linux-x86_64-gpu").platform());
        assertEquals("", Coordinates.parse("g:a:1:sources").platform());
    }
}
