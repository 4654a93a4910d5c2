package dev.gpumagics.oom;

import dev.gpumagics.probe.value.DeviceId;
import java.util.OptionalLong;

/**
 * A device other than the one diagnosed where this kernel holds memory too: a diagnosis weighs one device's causes,
 * and names the others so that none goes unseen.
 *
 * @param bytes what this kernel holds there (its row, else libtorch's reserved bytes), where the driver or libtorch tells
 */
public record HeldElsewhere(DeviceId device, OptionalLong bytes) {}
