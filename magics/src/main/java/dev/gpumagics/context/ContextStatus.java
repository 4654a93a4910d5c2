package dev.gpumagics.context;

import dev.gpumagics.context.checkpoint.BytesPerDevice;
import dev.gpumagics.context.driver.CheckpointState;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where this process's GPU state is, as {@link GpuContext} last left it. Reading it never calls the
 * driver or NVML, so a report may read it at any time, a suspended process included.
 */
public sealed interface ContextStatus {

    /** CUDA runs normally: probes may query NVML and the driver. */
    record Running() implements ContextStatus {}

    /** A suspend or resume is in flight: nothing may call CUDA or NVML from this process until it ends. */
    record Changing(String operation, Instant since) implements ContextStatus {}

    /**
     * The GPU state is parked in host memory. Any CUDA call from this process blocks until resumed, and
     * NVML is not called from it either (a suspect in the hang after a checkpoint: docs/FACTS.md).
     *
     * @param parkedBytes what NVML showed this process holding just before, when known
     * @param uncertain why it is taken to be here, when a failed operation left it so; empty when it was parked as asked
     * @param parkedPerDevice what it held on each device, the room a resume needs back; empty when not known
     */
    record Suspended(Instant since, OptionalLong parkedBytes, Optional<Uncertain> uncertain,
                     Optional<BytesPerDevice> parkedPerDevice) implements ContextStatus {

        public Suspended(Instant since, OptionalLong parkedBytes) {
            this(since, parkedBytes, Optional.empty(), Optional.empty());
        }
    }

    /**
     * An operation failed part way and the process was taken to be parked, erring towards "suspended".
     *
     * @param driverState what the driver said afterwards, when it could be asked
     */
    record Uncertain(String operation, Optional<CheckpointState> driverState) {}

    /** False whenever calling CUDA or NVML from this process could block. */
    default boolean deviceCallsSafe() {
        return this instanceof Running;
    }
}
