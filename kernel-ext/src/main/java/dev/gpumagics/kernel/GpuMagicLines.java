package dev.gpumagics.kernel;

import dev.gpumagics.command.GpuIdleMagic;
import dev.gpumagics.command.GpuMagic;
import dev.gpumagics.command.GpuMagics;
import dev.gpumagics.command.MimeBundle;
import dev.gpumagics.command.Notebook;
import dev.gpumagics.vars.NotebookVariables;
import dev.gpumagics.watch.WatchSettings;
import java.util.Optional;
import java.util.function.Consumer;

/** The GPU magics as line magics of this kernel: each shows its answer in the running cell. */
final class GpuMagicLines {

    private GpuMagicLines() {}

    /** @param watch what {@code %gpuwatch} switches: this kernel watches its cells */
    static void addTo(MagicTable table, NotebookShell shell, Consumer<dev.gpumagics.jupyter.kernel.MimeBundle> display,
            WatchSettings watch) {
        addTo(table, shell, display, watch, Optional.empty());
    }

    /** @param idle what {@code %gpuidle} sets: this kernel says when a cell starts and ends */
    static void addTo(MagicTable table, NotebookShell shell, Consumer<dev.gpumagics.jupyter.kernel.MimeBundle> display,
            WatchSettings watch, Optional<GpuIdleMagic.KernelIdle> idle) {
        Notebook notebook = new Notebook() {
            @Override
            public void show(MimeBundle bundle) {
                display.accept(MagicOutput.bundle(bundle));
            }

            @Override
            public NotebookVariables variables() {
                return shell.variables();
            }
        };
        for (GpuMagic magic : GpuMagics.forNotebook(shell::classLoader, Optional.of(watch), idle)) {
            table.addLine(magic.name(), args -> {
                magic.call(args, notebook).forEach(notebook::show);
                return null;
            });
        }
    }
}
