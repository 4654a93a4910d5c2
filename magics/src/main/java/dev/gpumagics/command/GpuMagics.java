package dev.gpumagics.command;

import dev.gpumagics.GpuMemory;
import dev.gpumagics.ThisProcess;
import dev.gpumagics.context.GpuContext;
import dev.gpumagics.oom.LastFailure;
import dev.gpumagics.watch.WatchSettings;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Every GPU magic, built once per kernel: the one list each kernel's adapter registers by name. */
public final class GpuMagics {

    private GpuMagics() {}

    /** @param notebookClasses the class loader of the notebook's code, where its torch classes live */
    public static List<GpuMagic> forNotebook(Supplier<ClassLoader> notebookClasses) {
        return forNotebook(notebookClasses, Optional.empty());
    }

    /** @param watch what {@code %gpuwatch} switches, in a kernel that watches its cells; empty in one that cannot */
    public static List<GpuMagic> forNotebook(Supplier<ClassLoader> notebookClasses, Optional<WatchSettings> watch) {
        return forNotebook(notebookClasses, watch, Optional.empty());
    }

    /** @param idle the kernel's idle courtesy, in a kernel that says when cells start and end; empty in one that cannot */
    public static List<GpuMagic> forNotebook(Supplier<ClassLoader> notebookClasses, Optional<WatchSettings> watch,
            Optional<GpuIdleMagic.KernelIdle> idle) {
        GpuContext context = ThisProcess.context(notebookClasses);
        return List.of(
                new GpuMemMagic(new GpuMemory(notebookClasses), notebookClasses),
                new GpuFreeMagic(notebookClasses),
                new GpuGcMagic(notebookClasses),
                new GpuSuspendMagic(context),
                new GpuResumeMagic(context),
                new GpuResetMagic(context),
                new GpuWhyMagic(LastFailure.ofThisProcess(), notebookClasses),
                new GpuWatchMagic(watch, notebookClasses),
                new GpuIdleMagic(idle));
    }
}
