package dev.gpumagics.adapter.ijava;

import jdk.jshell.JShell;
import org.jspecify.annotations.Nullable;

/**
 * IJava 1.3.0's JShell, for the list of variables. IJava has no public accessor for it: it keeps it in
 * its CodeEvaluator ({@code getShell()}), the kernel's private {@code evaluator} field, which is the
 * one private member of IJava this add-on reads. IJava 1.3.0 is the last release (2019), so the field
 * does not move; it is read once.
 */
final class IJavaShell {

    private final Object kernel;
    private @Nullable JShell shell;

    IJavaShell(Object kernel) {
        this.kernel = kernel;
    }

    synchronized JShell jshell() {
        if (shell == null) {
            try {
                java.lang.reflect.Field field = kernel.getClass().getDeclaredField("evaluator");
                field.setAccessible(true);
                Object evaluator = field.get(kernel);
                shell = (JShell) evaluator.getClass().getMethod("getShell").invoke(evaluator);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("this IJava keeps no JShell where IJava 1.3.0 does (" + e + ");"
                        + " the GPU magics need IJava 1.3.0");
            }
        }
        return shell;
    }
}
