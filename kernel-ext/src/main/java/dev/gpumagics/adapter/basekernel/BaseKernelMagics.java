package dev.gpumagics.adapter.basekernel;

import dev.gpumagics.command.GpuMagic;
import dev.gpumagics.command.MimeBundle;
import dev.gpumagics.command.Notebook;
import dev.gpumagics.vars.NotebookVariables;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.registry.LineMagicFunction;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The GPU magics as basekernel line magics. Each shows its answer itself, through the kernel's display,
 * since IJava throws a magic's return value away; a refusal propagates as the magic's
 * {@link dev.gpumagics.command.MagicUsageException}, which the kernel shows as one line.
 */
public final class BaseKernelMagics {

    private BaseKernelMagics() {}

    /** Registers every magic in {@code magics} under its name. */
    public static void register(Magics registry, List<GpuMagic> magics, Consumer<DisplayData> display, NotebookVariables variables) {
        for (GpuMagic magic : magics) {
            registry.registerLineMagic(magic.name(), function(magic, display, variables));
        }
    }

    /** One magic as basekernel's one-method line magic. */
    public static LineMagicFunction<Void> function(GpuMagic magic, Consumer<DisplayData> display, NotebookVariables variables) {
        Notebook notebook = notebook(display, variables);
        return args -> {
            for (MimeBundle bundle : magic.call(args, notebook)) {
                notebook.show(bundle);
            }
            return null;
        };
    }

    /** The notebook as a magic sees it: shown through {@code display}, variables as given. */
    public static Notebook notebook(Consumer<DisplayData> display, NotebookVariables variables) {
        return new Notebook() {
            @Override
            public void show(MimeBundle bundle) {
                display.accept(displayData(bundle));
            }

            @Override
            public NotebookVariables variables() {
                return variables;
            }
        };
    }

    /** basekernel's bundle: text/plain as its constructor takes it, then the others in order. */
    public static DisplayData displayData(MimeBundle bundle) {
        DisplayData data = new DisplayData(bundle.text());
        for (Map.Entry<String, Object> entry : bundle.data().entrySet()) {
            if (!entry.getKey().equals(MimeBundle.TEXT)) {
                data.putData(entry.getKey(), entry.getValue());
            }
        }
        return data;
    }
}
