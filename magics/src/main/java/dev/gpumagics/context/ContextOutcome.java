package dev.gpumagics.context;

import dev.gpumagics.context.checkpoint.ControllerReply;
import dev.gpumagics.context.driver.CheckpointState;
import dev.gpumagics.context.driver.DriverCall;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** What {@code %gpususpend}, {@code %gpuresume} and {@code %gpureset} did, in figures; rendered by {@code report.ContextText}. */
public sealed interface ContextOutcome {

    /**
     * @param parkedBytes this process's device memory before (NVML), when known
     * @param bytesAfter what NVML shows it holding afterwards (0 when parked), when known
     * @param cacheReleased whether libtorch's cache and cuBLAS workspaces were released first
     * @param total the whole operation as the kernel waited for it, helper start included
     */
    record Suspended(OptionalLong parkedBytes, OptionalLong bytesAfter, Duration lock, Duration checkpoint,
                     Duration total, boolean cacheReleased) implements ContextOutcome {}

    /**
     * @param restoredBytes what had been parked, when known
     * @param trigger what made it resume by itself (a thread that called into a GPU library), empty when asked for
     */
    record Resumed(OptionalLong restoredBytes, OptionalLong bytesAfter, Duration restore, Duration unlock,
                   Duration total, Optional<String> trigger) implements ContextOutcome {}

    /** @param devices the devices whose primary context was destroyed */
    record Reset(List<Integer> devices, OptionalLong bytesBefore, OptionalLong bytesAfter, Duration took)
            implements ContextOutcome {
        public Reset {
            devices = List.copyOf(devices);
        }
    }

    /** Nothing was done and nothing changed. */
    record Refused(Refusal why) implements ContextOutcome {}

    /**
     * A suspend or resume failed part way, and where the GPU state is was settled by asking the driver.
     *
     * @param answer the checkpoint controller's answer that was neither success nor a clean refusal
     * @param driverState what the driver said afterwards, when it could be asked
     * @param status where the GPU state is now: running, or taken to be parked
     */
    record Failed(String operation, ControllerReply answer, Optional<CheckpointState> driverState, ContextStatus status)
            implements ContextOutcome {}

    /** {@code cudaDeviceReset} failed on a device: CUDA in this process may be unusable. */
    record ResetFailed(int device, DriverCall call) implements ContextOutcome {}
}
