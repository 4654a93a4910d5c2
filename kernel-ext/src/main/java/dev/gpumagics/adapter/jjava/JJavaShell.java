package dev.gpumagics.adapter.jjava;

import jdk.jshell.JShell;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.jspecify.annotations.Nullable;

/**
 * JJava's JShell, for the list of variables: {@code JavaKernel.getJShell()}, public since JJava 1.0-M3.
 * JavaKernel is in {@code jjava-kernel}, which is not on the registry here, so the method is called
 * by name.
 */
final class JJavaShell {

    private final BaseKernel kernel;
    private @Nullable JShell shell;

    JJavaShell(BaseKernel kernel) {
        this.kernel = kernel;
    }

    synchronized JShell jshell() {
        if (shell == null) {
            try {
                shell = (JShell) kernel.getClass().getMethod("getJShell").invoke(kernel);
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalStateException("this kernel (" + kernel.getClass().getName() + ") has no public getJShell()"
                        + " as JJava's JavaKernel has; the GPU magics cannot see its variables");
            }
        }
        return shell;
    }
}
