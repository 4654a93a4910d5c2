package dev.gpumagics.exporter;

import dev.gpumagics.neighbours.ShelfListing;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.Probed;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One look at the host: its devices as the probe read them and every kernel record as the reader judged it.
 *
 * @param hostname the host's name ({@code /proc/sys/kernel/hostname}, what dcgm-exporter's {@code Hostname} holds); absent where unreadable
 * @param took how long the look took, probes and records together
 */
public record HostSample(Instant takenAt, Optional<String> hostname, Probed<GpuSnapshot> devices, ShelfListing kernels, Duration took) {}
