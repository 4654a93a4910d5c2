package dev.gpumagics.kernel;

import dev.gpumagics.GpuMemory;
import dev.gpumagics.command.GpuMemMagic;
import dev.gpumagics.vars.NotebookVariables;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Where the GPU magics get their names: the one place, for our kernel and for the IJava add-on alike. */
public final class MagicRegistry {

    private MagicRegistry() {}

    /**
     * @param display shows output in the cell that ran the magic (IJava discards a magic's return value)
     * @param variables the notebook's variables
     * @param notebookClasses the class loader of the notebook's code, where its torch classes live
     */
    public static void registerAll(
            Magics magics,
            Consumer<DisplayData> display,
            NotebookVariables variables,
            Supplier<ClassLoader> notebookClasses) {
        GpuMemory memory = new GpuMemory(notebookClasses);
        magics.registerLineMagic("gpumem", new GpuMemMagic(memory, display));
    }
}
