package dev.gpumagics.kernel;

import dev.gpumagics.GpuMemory;
import dev.gpumagics.command.GpuFreeMagic;
import dev.gpumagics.command.GpuGcMagic;
import dev.gpumagics.command.GpuMemMagic;
import dev.gpumagics.command.GpuResetMagic;
import dev.gpumagics.command.GpuResumeMagic;
import dev.gpumagics.command.GpuSuspendMagic;
import dev.gpumagics.command.GpuWhyMagic;
import dev.gpumagics.context.GpuContext;
import dev.gpumagics.oom.Diagnoser;
import dev.gpumagics.oom.LastFailure;
import dev.gpumagics.release.MemoryRelease;
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
        MemoryRelease release = new MemoryRelease(variables, notebookClasses);
        magics.registerLineMagic("gpumem", new GpuMemMagic(new GpuMemory(notebookClasses), release, display));
        magics.registerLineMagic("gpufree", new GpuFreeMagic(release, display));
        magics.registerLineMagic("gpugc", new GpuGcMagic(release, display));
        GpuContext context = GpuContext.ofThisProcess(notebookClasses);
        magics.registerLineMagic("gpususpend", new GpuSuspendMagic(context, display));
        magics.registerLineMagic("gpuresume", new GpuResumeMagic(context, display));
        magics.registerLineMagic("gpureset", new GpuResetMagic(context, display));
        magics.registerLineMagic("gpuwhy", new GpuWhyMagic(Diagnoser.of(variables, notebookClasses), LastFailure.ofThisProcess(), display));
    }
}
