package dev.gpumagics.command;

import dev.gpumagics.context.ContextOutcome;
import dev.gpumagics.context.GpuContext;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.function.Consumer;

/** {@code %gpureset}: destroys this process's CUDA context where no libtorch depends on it. */
public final class GpuResetMagic extends ContextMagic {

    public GpuResetMagic(GpuContext context, Consumer<DisplayData> display) {
        super("gpureset", context, display);
    }

    @Override
    ContextOutcome apply(GpuContext context) {
        return context.reset();
    }
}
