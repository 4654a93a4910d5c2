package dev.gpumagics.kernel;

import dev.gpumagics.adapter.basekernel.BaseKernelMagics;
import dev.gpumagics.command.GpuMagics;
import dev.gpumagics.vars.NotebookVariables;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Where our kernel gets the GPU magics: every one of them, through the basekernel adapter, as IJava does. */
public final class MagicRegistry {

    private MagicRegistry() {}

    /**
     * @param display shows output in the cell that ran the magic
     * @param variables the notebook's variables
     * @param notebookClasses the class loader of the notebook's code, where its torch classes live
     */
    public static void registerAll(
            Magics magics,
            Consumer<DisplayData> display,
            NotebookVariables variables,
            Supplier<ClassLoader> notebookClasses) {
        BaseKernelMagics.register(magics, GpuMagics.forNotebook(notebookClasses), display, variables);
    }
}
