package dev.gpumagics.command;

import dev.gpumagics.context.ContextOutcome;
import dev.gpumagics.context.GpuContext;

/** {@code %gpuresume}: brings the parked GPU state back; every allocation returns to its address. */
public final class GpuResumeMagic extends ContextMagic {

    public GpuResumeMagic(GpuContext context) {
        super("gpuresume", context);
    }

    @Override
    ContextOutcome apply(GpuContext context) {
        return context.resume();
    }
}
