package dev.gpumagics.adapter.ijava;

import dev.gpumagics.adapter.basekernel.BaseKernelMagics;
import dev.gpumagics.adapter.jshell.SnippetFieldVariables;
import dev.gpumagics.adapter.jshell.SnippetMagics;
import dev.gpumagics.command.GpuMagic;
import dev.gpumagics.command.GpuMagics;
import dev.gpumagics.command.Notebook;
import dev.gpumagics.courtesy.AddOnPresence;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The GPU magics inside IJava 1.3.0. IJava is not on Maven Central, so its kernel is reached through
 * its public methods by name ({@code getMagics()}, {@code evalRaw(String)}); it is a basekernel
 * kernel, so display goes through {@link BaseKernel#display}.
 */
public final class IJavaMagics {

    private IJavaMagics() {}

    /**
     * What the add-on's startup script calls, with {@code IJava.getKernelInstance()}. IJava loads this
     * jar (from {@code IJAVA_CLASSPATH}) into its snippet class loader, the one {@code %maven} adds to, so
     * that loader is where the notebook's torch classes are.
     */
    public static void register(Object ijavaKernel) throws ReflectiveOperationException {
        register(ijavaKernel, IJavaMagics.class.getClassLoader());
    }

    /** @param notebookClasses the loader the notebook's torch classes come from */
    public static void register(Object ijavaKernel, ClassLoader notebookClasses) throws ReflectiveOperationException {
        Magics registry = (Magics) ijavaKernel.getClass().getMethod("getMagics").invoke(ijavaKernel);
        Method evalRaw = ijavaKernel.getClass().getMethod("evalRaw", String.class);
        IJavaShell shell = new IJavaShell(ijavaKernel);
        SnippetFieldVariables variables = new SnippetFieldVariables(shell::jshell, code -> {
            try {
                evalRaw.invoke(ijavaKernel, code);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        });
        Notebook notebook = BaseKernelMagics.notebook(((BaseKernel) ijavaKernel)::display, variables);
        for (GpuMagic magic : GpuMagics.forNotebook(() -> notebookClasses)) {
            registry.registerLineMagic(magic.name(), args -> {
                SnippetMagics.call(magic, args, notebook);
                return null;
            });
        }
        AddOnPresence.start("IJava", shell::jshell, () -> notebookClasses);
    }
}
