package dev.gpumagics.look;

import dev.gpumagics.context.ContextStatus;
import dev.gpumagics.context.checkpoint.BytesPerDevice;
import java.util.Optional;

/**
 * This process's GPU state while it is not on the device, read without touching the GPU.
 *
 * @param freeNow what each device has free, as another process sees it: whether a resume would find room
 */
public record Parked(ContextStatus status, Optional<BytesPerDevice> freeNow) {}
