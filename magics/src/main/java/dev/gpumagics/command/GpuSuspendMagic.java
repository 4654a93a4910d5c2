package dev.gpumagics.command;

import dev.gpumagics.context.ContextOutcome;
import dev.gpumagics.context.GpuContext;

/** {@code %gpususpend}: parks this kernel's whole GPU state in host memory (the driver's checkpoint API). */
public final class GpuSuspendMagic extends ContextMagic {

    public GpuSuspendMagic(GpuContext context) {
        super("gpususpend", context);
    }

    @Override
    ContextOutcome apply(GpuContext context) {
        return context.suspend();
    }
}
