package dev.gpumagics.command;

import dev.gpumagics.context.ContextOutcome;
import dev.gpumagics.context.GpuContext;

/** {@code %gpureset}: destroys this process's CUDA context where no libtorch depends on it. */
public final class GpuResetMagic extends ContextMagic {

    public GpuResetMagic(GpuContext context) {
        super("gpureset", context);
    }

    @Override
    ContextOutcome apply(GpuContext context) {
        return context.reset();
    }
}
