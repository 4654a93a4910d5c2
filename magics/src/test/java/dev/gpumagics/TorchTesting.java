package dev.gpumagics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.internal.torch.TorchAccess;
import dev.gpumagics.internal.torch.TorchBridge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.global.torch;

/** Real libtorch (CPU natives) for tests, and the host-memory measurements they check against. */
public final class TorchTesting {

    public static final long MiB = 1024 * 1024;

    private TorchTesting() {}

    /** Loads libtorch (creating one tensor does) and returns the bridge as the engine will see it. */
    public static TorchAccess access() {
        torch.ones(1).close();
        var probed = TorchBridge.in(TorchTesting.class.getClassLoader());
        assertTrue(probed.isPresent(), () -> "torch bridge: " + probed);
        return probed.asOptional().orElseThrow();
    }

    /** Resident set size after a collection and heap trim, so that freed native memory shows. */
    public static long settledResidentBytes() {
        for (int i = 0; i < 2; i++) {
            System.gc();
            Pointer.deallocateReferences();
        }
        Pointer.trimMemory();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
