package dev.gpumagics.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.internal.cuda.DriverLibraries.Library;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriverLibrariesTest {

    @TempDir
    Path dir;

    @Test
    void findsLibrariesOnlyInTheSearchPath() throws IOException {
        Path driver = Files.createDirectories(dir.resolve("driver"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createFile(driver.resolve("libnvidia-ml.so.1"));
        Files.createFile(driver.resolve("libcuda.so.1"));
        Files.createFile(elsewhere.resolve("libcudart.so.13"));

        DriverLibraries libraries = DriverLibraries.in(List.of(driver));

        assertEquals(Optional.of(driver.resolve("libnvidia-ml.so.1")), libraries.find(Library.NVML));
        assertTrue(libraries.has(Library.NVML, Library.DRIVER));
        assertFalse(libraries.has(Library.CUDART), "a library outside the linker's path would not load");
        assertEquals(Optional.of(Library.CUDART), libraries.firstMissing(Library.DRIVER, Library.CUDART));
    }

    @Test
    void searchPathFollowsLdLibraryPathThenLdSoConfIncludesThenDefaults() throws IOException {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.createDirectories(etc.resolve("ld.so.conf.d"));
        Files.writeString(etc.resolve("ld.so.conf"), "# system\ninclude /nowhere/*.conf\ninclude ld.so.conf.d/*.conf\n/opt/first\n");
        Files.writeString(etc.resolve("ld.so.conf.d/b-cuda.conf"), "/usr/local/cuda-13.0/targets/x86_64-linux/lib # toolkit\n");
        Files.writeString(etc.resolve("ld.so.conf.d/a-nvidia.conf"), "/usr/local/nvidia/lib64\n");

        List<Path> path = DriverLibraries.linkerSearchPath("/env/one::/env/two", etc);

        assertEquals(List.of(Path.of("/env/one"), Path.of("/env/two"), Path.of("/usr/local/nvidia/lib64"),
                Path.of("/usr/local/cuda-13.0/targets/x86_64-linux/lib"), Path.of("/opt/first")), path.subList(0, 5));
        assertTrue(path.contains(Path.of("/usr/lib/x86_64-linux-gnu")));
    }

    @Test
    void noLdSoConfStillSearchesTheDefaults() {
        List<Path> path = DriverLibraries.linkerSearchPath(null, dir.resolve("missing"));
        assertEquals(Path.of("/lib/x86_64-linux-gnu"), path.get(0));
    }
}
