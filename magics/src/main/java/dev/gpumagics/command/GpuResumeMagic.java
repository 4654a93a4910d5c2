package dev.gpumagics.command;

import dev.gpumagics.context.ContextOutcome;
import dev.gpumagics.context.GpuContext;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.function.Consumer;

/** {@code %gpuresume}: brings the parked GPU state back; every allocation returns to its address. */
public final class GpuResumeMagic extends ContextMagic {

    public GpuResumeMagic(GpuContext context, Consumer<DisplayData> display) {
        super("gpuresume", context, display);
    }

    @Override
    ContextOutcome apply(GpuContext context) {
        return context.resume();
    }
}
