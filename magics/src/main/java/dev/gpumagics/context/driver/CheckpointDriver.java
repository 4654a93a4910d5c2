package dev.gpumagics.context.driver;

import dev.gpumagics.probe.value.Probed;

/**
 * The driver's checkpoint API on one process, as a second process calls it. The real one is
 * {@code internal.cuda.CudaDriverApi}; tests record calls through this interface instead.
 */
public interface CheckpointDriver {

    /** cuCheckpoint* came with driver 570, whose CUDA version is 12.8. */
    int FIRST_CHECKPOINT_DRIVER = 12080;

    /** {@code cuDriverGetVersion}: 12080 means CUDA 12.8; unavailable when there is no usable driver. */
    Probed<Integer> driverVersion();

    /** {@code cuCheckpointProcessGetState}. */
    Probed<CheckpointState> state(long pid);

    /** {@code cuCheckpointProcessLock}; at the time limit the process is left RUNNING. */
    DriverCall lock(long pid, int timeoutMillis);

    /** {@code cuCheckpointProcessCheckpoint}. */
    DriverCall checkpoint(long pid);

    /** {@code cuCheckpointProcessRestore}: leaves the process LOCKED. */
    DriverCall restore(long pid);

    /** {@code cuCheckpointProcessUnlock}. */
    DriverCall unlock(long pid);
}
