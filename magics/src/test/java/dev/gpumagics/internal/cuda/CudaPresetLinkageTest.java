package dev.gpumagics.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.internal.cuda.DriverLibraries.Library;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * DriverLibraries checks for exactly the libraries the JavaCPP cuda preset's JNI links. If a preset
 * upgrade changes them (say, to libcudart.so.14), this fails instead of users' kernels.
 */
class CudaPresetLinkageTest {

    @Test
    void nvmlJniLinksTheDriversNvml() throws IOException {
        String jni = jni("libjninvml.so");
        assertTrue(jni.contains(Library.NVML.soname()), "libjninvml.so no longer needs " + Library.NVML.soname());
    }

    @Test
    void cudartJniLinksTheDriverAndTheCuda13Runtime() throws IOException {
        String jni = jni("libjnicudart.so");
        assertTrue(jni.contains(Library.DRIVER.soname()), "libjnicudart.so no longer needs " + Library.DRIVER.soname());
        assertTrue(jni.contains(Library.CUDART.soname()), "libjnicudart.so no longer needs " + Library.CUDART.soname());
    }

    /** The JNI library's bytes as text: its NEEDED sonames sit in the dynamic string table. */
    private static String jni(String name) throws IOException {
        try (InputStream in = CudaPresetLinkageTest.class.getResourceAsStream("/org/bytedeco/cuda/linux-x86_64/" + name)) {
            assertNotNull(in, name + " is not in the cuda preset's linux-x86_64 jar");
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
