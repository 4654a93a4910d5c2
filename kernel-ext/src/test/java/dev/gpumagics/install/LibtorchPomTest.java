package dev.gpumagics.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.maven.Coordinates;
import dev.gpumagics.maven.MavenResolver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.Model;
import org.apache.maven.model.building.DefaultModelBuilderFactory;
import org.apache.maven.model.building.ModelBuildingRequest;
import org.junit.jupiter.api.Test;

/**
 * The poms install puts beside the add-on for IJava's and JJava's {@code %loadFromPOM}: valid poms with
 * the parent pom's versions, whose jars, with {@code %maven org.bytedeco:pytorch:V}'s, are exactly
 * what our kernel's {@code %maven org.bytedeco:pytorch:V:linux-x86_64} brings.
 */
class LibtorchPomTest {

    private static Model model(Path pom) throws Exception {
        // read as JJava's %loadFromPOM reads one: Maven's model builder, strict validation
        return new DefaultModelBuilderFactory().newInstance().buildRawModel(pom.toFile(), ModelBuildingRequest.VALIDATION_LEVEL_STRICT, true).get();
    }

    private static Path built(LibtorchPom pom) throws Exception {
        return Path.of(LibtorchPom.class.getResource(pom.name()).toURI());
    }

    private static List<String> names(List<Path> jars) {
        return jars.stream().map(p -> p.getFileName().toString()).sorted().toList();
    }

    @Test
    void bothAreValidPomsWithTheParentPomsVersions() throws Exception {
        Properties pinned = model(Path.of("..", "pom.xml")).getProperties();
        for (LibtorchPom pom : List.of(LibtorchPom.CPU, LibtorchPom.GPU)) {
            Model model = model(built(pom));
            List<String> listed = new ArrayList<>();
            for (Dependency d : model.getDependencies()) {
                listed.add(d.getGroupId() + ":" + d.getArtifactId() + ":" + d.getVersion() + ":" + d.getClassifier());
            }
            assertEquals(pom.dependencies(), listed, pom.name());
            String platform = pinned.getProperty("javacpp.platform");
            assertEquals(List.of(
                    "org.bytedeco:pytorch:" + pinned.getProperty("pytorch.version") + ":" + platform + (pom == LibtorchPom.GPU ? "-gpu" : ""),
                    "org.bytedeco:javacpp:" + pinned.getProperty("javacpp.version") + ":" + platform,
                    "org.bytedeco:openblas:" + pinned.getProperty("openblas.version") + ":" + platform), listed, pom.name());
        }
        assertEquals(pinned.getProperty("pytorch.version"), LibtorchPom.CPU.pytorchVersion());
    }

    @Test
    void theCpuPomWithPytorchsClassesIsWhatOurKernelsLineBrings() {
        MavenResolver maven = MavenResolver.fromUserSettings();
        List<Coordinates> recipe = new ArrayList<>();
        recipe.add(Coordinates.parse("org.bytedeco:pytorch:" + LibtorchPom.CPU.pytorchVersion()));
        LibtorchPom.CPU.dependencies().forEach(d -> recipe.add(Coordinates.parse(d)));

        List<String> viaPom = names(maven.resolveAll(recipe));

        assertEquals(names(maven.resolve(Coordinates.parse("org.bytedeco:pytorch:" + LibtorchPom.CPU.pytorchVersion() + ":linux-x86_64"))),
                viaPom);
        assertEquals(6, viaPom.size(), viaPom.toString());
        assertTrue(viaPom.stream().noneMatch(jar -> jar.startsWith("cuda")), "no optional cuda: " + viaPom);
    }
}
