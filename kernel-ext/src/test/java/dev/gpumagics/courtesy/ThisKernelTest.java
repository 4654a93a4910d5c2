package dev.gpumagics.courtesy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The kernel id a record carries, from the connection file as Jupyter Server and a bare jupyter_client name it. */
class ThisKernelTest {

    @Test
    void theIdIsTheConnectionFilesNameWithoutKernelAndJson() {
        assertEquals(Optional.of("7f3a0c1e-2b4d-4e5f-8a9b-0c1d2e3f4a5b"),
                ThisKernel.kernelId(Path.of("/run/user/1000/jupyter/runtime/kernel-7f3a0c1e-2b4d-4e5f-8a9b-0c1d2e3f4a5b.json")));
        assertEquals(Optional.of("tmph0q4fa7y"), ThisKernel.kernelId(Path.of("/tmp/tmph0q4fa7y.json")));
    }

    @Test
    void anAddOnFindsItInItsKernelsCommandLine() {
        assertEquals(Optional.of("abc"), ThisKernel.kernelIdFromCommandLine(List.of("-jar", "/opt/ijava/ijava-1.3.0.jar", "/run/kernel-abc.json")));
        assertEquals(Optional.empty(), ThisKernel.kernelIdFromCommandLine(List.of("-jar", "ijava.jar")));
    }
}
