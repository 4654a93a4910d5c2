package dev.gpumagics.context;

import dev.gpumagics.internal.cuda.CudaDriverApi;

/** Whether this machine has a loadable driver, for tests that behave differently with one. */
final class CudaPresence {

    private CudaPresence() {}

    static boolean driverLoadable() {
        return new CudaDriverApi().driverVersion().isPresent();
    }
}
