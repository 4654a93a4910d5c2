package dev.gpumagics.context.checkpoint;

import dev.gpumagics.internal.cuda.CudaDriverApi;

/** Whether this machine has a loadable driver, for tests that behave differently with one. */
public final class CudaPresence {

    private CudaPresence() {}

    public static boolean driverLoadable() {
        return new CudaDriverApi().driverVersion().isPresent();
    }
}
