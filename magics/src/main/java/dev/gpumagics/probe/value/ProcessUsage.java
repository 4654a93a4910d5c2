package dev.gpumagics.probe.value;

import java.util.OptionalLong;

/**
 * One compute process on one device.
 *
 * @param deviceIndex the driver's index of the device
 * @param pid {@code nvidia-smi --query-compute-apps=pid}; in a container, the host's pid space may differ
 * @param usedBytes {@code used_memory}, absent where the driver withholds it (MIG, some containers)
 */
public record ProcessUsage(int deviceIndex, long pid, OptionalLong usedBytes) {}
