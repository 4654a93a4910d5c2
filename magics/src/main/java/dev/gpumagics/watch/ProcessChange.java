package dev.gpumagics.watch;

import dev.gpumagics.probe.ProcessIdentity;
import dev.gpumagics.probe.value.DeviceId;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Another process that appeared on a GPU or left it while a cell ran.
 *
 * @param device the device it is on, absent for a row on no device the driver listed
 * @param bytes its device memory: now for one that appeared, at the cell's start for one that left
 * @param identity who it is, for one that appeared (one that left is gone from /proc)
 */
public record ProcessChange(Optional<DeviceId> device, long pid, boolean appeared, OptionalLong bytes, ProcessIdentity identity) {}
