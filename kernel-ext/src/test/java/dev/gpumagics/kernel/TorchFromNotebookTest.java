package dev.gpumagics.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.internal.torch.TorchAccess;
import dev.gpumagics.internal.torch.TorchBridge;
import dev.gpumagics.vars.Binding;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Torch classes that the notebook adds to its own class loader (as {@code %maven} does) are the ones
 * the engine's torch bridge reaches. The kernel jar carries no torch, so the parent here hides the
 * test classpath's torch classes, as the shaded jar's loader would not have them; the jars added are
 * the real {@code org.bytedeco:pytorch} 2.10.0 and its CPU natives, and libtorch really loads.
 */
class TorchFromNotebookTest {

    /** The kernel's loader as it is in the shaded jar: no torch, no openblas. */
    static final class WithoutTorch extends ClassLoader {
        WithoutTorch(ClassLoader parent) {
            super("without-torch", parent);
        }

        private static boolean hidden(String name) {
            return name.startsWith("org.bytedeco.pytorch") || name.startsWith("org.bytedeco.openblas")
                    || name.startsWith("org/bytedeco/pytorch") || name.startsWith("org/bytedeco/openblas");
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (hidden(name)) {
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public java.net.URL getResource(String name) {
            return hidden(name) ? null : super.getResource(name);
        }

        @Override
        public java.util.Enumeration<java.net.URL> getResources(String name) throws java.io.IOException {
            return hidden(name) ? java.util.Collections.emptyEnumeration() : super.getResources(name);
        }
    }

    private static List<Path> torchJars() {
        List<Path> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("/org/bytedeco/pytorch/") || entry.contains("/org/bytedeco/openblas/"))
                .map(Path::of)
                .toList();
        assertEquals(4, jars.size(), "pytorch and openblas, classes and linux-x86_64 natives: " + jars);
        return jars;
    }

    @Test
    void torchAddedToTheNotebookIsTheTorchTheBridgeReaches() throws Exception {
        try (NotebookShell shell = NotebookShell.start(new WithoutTorch(NotebookShell.class.getClassLoader()), List.of())) {
            assertThrows(RuntimeException.class,
                    () -> shell.eval("org.bytedeco.pytorch.global.torch.ones(2, 3)").value(),
                    "no torch before the notebook adds it");
            assertFalse(TorchBridge.in(shell.classLoader()).isPresent());

            torchJars().forEach(shell::addToClasspath);
            shell.eval("var t = org.bytedeco.pytorch.global.torch.ones(2, 3);");
            assertEquals(6L, shell.eval("t.numel()").value());

            Object tensor = shell.variables().bindings().stream()
                    .filter(b -> b.name().equals("t")).map(Binding::value).findFirst().orElseThrow();
            ClassLoader notebook = shell.classLoader();
            assertSame(notebook, tensor.getClass().getClassLoader(), "the tensor's class is the notebook's");
            assertTrue(TorchBridge.libtorchLoaded(), "libtorch's JNI library is loaded");

            TorchAccess access = TorchBridge.in(notebook).asOptional().orElseThrow();
            Class<?> glueTensor = access.getClass().getClassLoader().loadClass("org.bytedeco.pytorch.Tensor");
            assertSame(tensor.getClass(), glueTensor, "the bridge links against the notebook's Tensor class");
        }
    }
}
