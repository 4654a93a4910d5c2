package dev.gpumagics.kernel;

import dev.gpumagics.command.GpuMagic;
import dev.gpumagics.command.GpuMagics;
import dev.gpumagics.command.MimeBundle;
import dev.gpumagics.command.Notebook;
import dev.gpumagics.vars.NotebookVariables;
import java.util.function.Consumer;

/** The GPU magics as line magics of this kernel: each shows its answer in the running cell. */
final class GpuMagicLines {

    private GpuMagicLines() {}

    static void addTo(MagicTable table, NotebookShell shell, Consumer<dev.gpumagics.jupyter.kernel.MimeBundle> display) {
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
        for (GpuMagic magic : GpuMagics.forNotebook(shell::classLoader)) {
            table.addLine(magic.name(), args -> {
                magic.call(args, notebook).forEach(notebook::show);
                return null;
            });
        }
    }
}
