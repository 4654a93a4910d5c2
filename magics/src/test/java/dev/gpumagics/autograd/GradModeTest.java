package dev.gpumagics.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.TorchTesting;
import dev.gpumagics.probe.value.Probed;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** libtorch's grad mode through the bridge, on real CPU tensors: what it changes, and that it is the calling thread's alone. */
class GradModeTest {

    @Test
    void offOnThisThreadAForwardPassRecordsNoGraphAndOnAgainItDoes() throws Exception {
        TorchTesting.access();
        GradMode mode = GradMode.of(GradModeTest.class.getClassLoader()).asOptional().orElseThrow();
        try (Tensor w = torch.randn(3, 2).requires_grad_(true)) {
            assertTrue(mode.enabled());
            mode.set(false);
            AtomicBoolean elsewhere = new AtomicBoolean();
            Thread other = new Thread(() -> elsewhere.set(mode.enabled()));
            other.start();
            other.join();
            try (Tensor y = w.mul(w).sum()) {
                assertFalse(y.requires_grad(), "computed with grad mode off: no history");
            } finally {
                mode.set(true);
            }
            assertTrue(elsewhere.get(), "another thread kept its own grad mode");
            try (Tensor y = w.mul(w).sum()) {
                assertTrue(y.requires_grad());
                assertEquals("SumBackward0", y.grad_fn().name().getString());
            }
        }
    }

    @Test
    void aNotebookWithoutLibtorchIsToldHowToAddIt() {
        try (URLClassLoader bare = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            Probed<GradMode> probed = GradMode.of(bare);
            Probed.Unavailable<GradMode> missing = (Probed.Unavailable<GradMode>) probed;
            assertEquals("libtorch is not in this notebook", missing.reason());
            assertTrue(missing.hint().startsWith("add it first: %maven org.bytedeco:pytorch:"), missing.hint());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
