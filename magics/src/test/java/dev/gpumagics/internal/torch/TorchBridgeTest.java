package dev.gpumagics.internal.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.probe.TorchAllocatorProbe;
import dev.gpumagics.probe.value.Probed;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** Real libtorch (the CPU build): the bridge links its glue against whichever torch classes a loader has. */
class TorchBridgeTest {

    @Test
    void glueUsesTheNotebooksOwnTorchClasses() throws Exception {
        try (Tensor ones = torch.ones(4)) {
            assertEquals(4, ones.numel());
        }
        assertTrue(TorchBridge.libtorchLoaded(), "a tensor was made: jnitorch is loaded");
        assertFalse(TorchBridge.libtorchCudaLoaded(), "the CPU natives only");

        // A notebook loader that has its own copy of the torch classes, as %maven gives it: the parent
        // cannot see them, so they must come from this loader.
        URL torchJar = Tensor.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader withoutTorch = new ClassLoader(TorchBridgeTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("org.bytedeco.pytorch.")) {
                    throw new ClassNotFoundException(name);
                }
                return super.loadClass(name, resolve);
            }
        };
        try (URLClassLoader notebook = new URLClassLoader(new URL[] {torchJar}, withoutTorch)) {
            TorchAccess access = TorchBridge.in(notebook).asOptional().orElseThrow();
            ClassLoader glue = access.getClass().getClassLoader();
            Class<?> tensor = glue.loadClass("org.bytedeco.pytorch.Tensor");
            assertSame(notebook, tensor.getClassLoader());
            assertNotSame(Tensor.class, tensor);
            assertSame(TorchAccess.class, glue.loadClass(TorchAccess.class.getName()), "the interface is GpuMagics' own");
            assertSame(access, TorchBridge.in(notebook).asOptional().orElseThrow(), "one bridge per notebook loader");
        }
    }

    @Test
    void aLoaderWithoutTorchIsAnAnswerNotAnError() {
        torch.ones(1).close();
        ClassLoader none = new URLClassLoader(new URL[0], null);
        var missing = assertInstanceOf(Probed.Unavailable.class, TorchBridge.in(none));
        assertTrue(missing.reason().contains("not from the notebook's class loader"), missing.reason());
    }

    @Test
    void theAllocatorProbeSaysTorchRunsOnTheCpu() {
        torch.ones(1).close();
        var answer = new TorchAllocatorProbe(TorchBridgeTest.class::getClassLoader).stats(List.of());
        var missing = assertInstanceOf(Probed.Unavailable.class, answer);
        assertEquals("libtorch runs on the CPU here (its -gpu natives are not loaded)", missing.reason());
    }
}
