package dev.gpumagics.exporter;

import dev.gpumagics.neighbours.RecordReader;
import dev.gpumagics.neighbours.ShelfListing;
import dev.gpumagics.probe.GpuProbe;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.Probed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Takes one look at the host: the device probe (NVML, else nvidia-smi) and the kernels' records. It only reads: no
 * kernel is asked anything, and a record is read as any user may read it. Never throws.
 */
final class HostSampler {

    private final GpuProbe devices;
    private final RecordReader records;
    private final Clock clock;
    private final Optional<String> hostname;

    HostSampler(GpuProbe devices, RecordReader records, Clock clock, Optional<String> hostname) {
        this.devices = devices;
        this.records = records;
        this.clock = clock;
        this.hostname = hostname;
    }

    HostSample sample() {
        long start = System.nanoTime();
        Instant at = clock.instant();
        Probed<GpuSnapshot> snapshot;
        try {
            snapshot = devices.snapshot();
        } catch (RuntimeException | LinkageError e) {
            snapshot = Probed.unavailable("the devices could not be read: " + e, "");
        }
        ShelfListing listing;
        try {
            listing = records.list();
        } catch (RuntimeException e) {
            listing = new ShelfListing(List.of(), List.of(), Optional.of("the records could not be read: " + e));
        }
        return new HostSample(at, hostname, snapshot, listing, Duration.ofNanos(System.nanoTime() - start));
    }
}
