package dev.gpumagics.command;

import dev.gpumagics.context.ContextOutcome;
import dev.gpumagics.context.GpuContext;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.function.Consumer;

/** {@code %gpususpend}: parks this kernel's whole GPU state in host memory (the driver's checkpoint API). */
public final class GpuSuspendMagic extends ContextMagic {

    public GpuSuspendMagic(GpuContext context, Consumer<DisplayData> display) {
        super("gpususpend", context, display);
    }

    @Override
    ContextOutcome apply(GpuContext context) {
        return context.suspend();
    }
}
