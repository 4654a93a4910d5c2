package dev.gpumagics.kernel;

import dev.gpumagics.autograd.GradMode;
import dev.gpumagics.probe.value.Probed;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code %%nograd}: the cell's code runs with libtorch's grad mode off, as under PyTorch's {@code torch.no_grad()}:
 * nothing it computes records autograd history, so no graph keeps its intermediate tensors alive. libtorch keeps grad
 * mode per thread, so it is switched on the thread that runs the notebook's snippets, and put back as it was there
 * however the cell ends: normally, with an exception, or interrupted. A cell magic of this kernel only: IJava and
 * JJava run snippets on threads of their own choosing.
 */
final class NoGradCell implements MagicTable.CellMagic {

    static final String USAGE = "%%nograd takes no arguments: put it alone on the cell's first line, the code below it";

    private final NotebookShell shell;
    private final CellRunner runner;

    NoGradCell(NotebookShell shell, CellRunner runner) {
        this.shell = shell;
        this.runner = runner;
    }

    @Override
    public @Nullable Object run(List<String> args, String body) throws Exception {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException(USAGE + " (not " + String.join(" ", args) + ")");
        }
        Probed<GradMode> probed = GradMode.of(shell.classLoader());
        if (probed instanceof Probed.Unavailable<GradMode> missing) {
            throw new IllegalArgumentException("%%nograd: " + missing.reason()
                    + (missing.hint().isEmpty() ? "" : "; " + missing.hint()) + "; the cell was not run");
        }
        GradMode mode = probed.asOptional().orElseThrow();
        NotebookExecutionControl control = shell.executionControl();
        boolean before = control.onNotebookThread(() -> {
            boolean was = mode.enabled();
            mode.set(false);
            return was;
        });
        try {
            NotebookShell.Result result = runner.run(body);
            return result.hasValue() ? result.value() : null;
        } finally {
            control.onNotebookThread(() -> {
                mode.set(before);
                return null;
            });
        }
    }
}
