package dev.gpumagics.exporter;

import dev.gpumagics.neighbours.HeldOnGpu;
import dev.gpumagics.neighbours.Ignored;
import dev.gpumagics.neighbours.KernelRecord;
import dev.gpumagics.neighbours.KernelState;
import dev.gpumagics.neighbours.NeighbourKernel;
import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.ProcessUsage;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One look at the host as Prometheus series, in base units. A figure the look does not have (a device's memory that
 * prints {@code [N/A]}, a kernel's split where libtorch's CUDA does not run) is left out, never written as 0; a look
 * older than its limit leaves only the exporter's own series, so that a stuck probe shows as old, not as still true.
 */
final class HostSeries {

    /** Whether a scrape shows notebooks (as their owners let every user of the host see them), and how old a look may be. */
    record Options(boolean showNotebooks, Duration staleAfter) {}

    private HostSeries() {}

    static MetricSnapshots of(HostSample sample, Instant now, Options options) {
        Families families = new Families();
        exporter(families, sample);
        if (Duration.between(sample.takenAt(), now).compareTo(options.staleAfter()) <= 0) {
            Set<Long> kernelPids = new HashSet<>();
            sample.kernels().kernels().forEach(kernel -> kernelPids.add(kernel.record().pid()));
            sample.devices().asOptional().ifPresent(snapshot -> devices(families, sample, snapshot, kernelPids));
            for (NeighbourKernel kernel : sample.kernels().kernels()) {
                kernel(families, sample, kernel, options.showNotebooks());
            }
        }
        return families.build();
    }

    private static void exporter(Families families, HostSample sample) {
        Labels host = SeriesLabels.of(sample.hostname()).build();
        families.gauge("gpumagics_exporter_sample_timestamp_seconds", "When the exporter last looked at the devices and the kernels' records",
                host, OptionalDouble.of(sample.takenAt().toEpochMilli() / 1000.0));
        families.gauge("gpumagics_exporter_sample_duration_seconds", "How long that look took, devices and records together", host,
                OptionalDouble.of(sample.took().toNanos() / 1e9));
        families.gauge("gpumagics_exporter_device_probe_success", "1 where that look read the devices (NVML, else nvidia-smi), 0 where it could not",
                host, OptionalDouble.of(sample.devices().isPresent() ? 1 : 0));
        families.gauge("gpumagics_exporter_records_read_success", "1 where that look could read the kernels' records, 0 where their folder is not to be trusted",
                host, OptionalDouble.of(sample.kernels().problem().isEmpty() ? 1 : 0));
        for (Ignored.Why why : Ignored.Why.values()) {
            long count = sample.kernels().ignored().stream().filter(ignored -> ignored.why() == why).count();
            families.gauge("gpumagics_exporter_ignored_records", "Records that look did not believe, by why (a kernel that ended, a record about another user's process...)",
                    SeriesLabels.of(sample.hostname()).with("why", why.name().toLowerCase(Locale.ROOT)).build(), OptionalDouble.of(count));
        }
    }

    private static void devices(Families families, HostSample sample, GpuSnapshot snapshot, Set<Long> kernelPids) {
        for (DeviceMemory device : snapshot.devices()) {
            Labels labels = SeriesLabels.of(sample.hostname()).device(device, snapshot).build();
            families.info("gpumagics_device", "A device the driver lists, with its model (nvidia-smi name)",
                    SeriesLabels.of(sample.hostname()).device(device, snapshot).with("model_name", device.name()).build());
            families.bytes("gpumagics_device_memory_total_bytes", "The device's memory (nvidia-smi memory.total)", labels, device.totalBytes());
            families.bytes("gpumagics_device_memory_used_bytes", "In use on the device, every process and the driver's reservation (memory.used)",
                    labels, device.usedBytes());
            families.bytes("gpumagics_device_memory_free_bytes", "Free on the device (memory.free)", labels, device.freeBytes());
            families.bytes("gpumagics_device_other_processes_memory_bytes",
                    "What the device's processes that are not GpuMagics kernels hold (their used_memory, summed)", labels,
                    othersOn(snapshot, device, kernelPids));
        }
    }

    /** Absent where the driver did not list the device's processes, or withholds a row's memory: then the sum is not known. */
    static OptionalLong othersOn(GpuSnapshot snapshot, DeviceMemory device, Set<Long> kernelPids) {
        if (!snapshot.processesListed(device.id())) {
            return OptionalLong.empty();
        }
        long sum = 0;
        for (ProcessUsage row : snapshot.processes()) {
            if (!row.isOn(device.id()) || (row.pid().isPresent() && kernelPids.contains(row.pid().getAsLong()))) {
                continue;
            }
            if (row.usedBytes().isEmpty()) {
                return OptionalLong.empty();
            }
            sum += row.usedBytes().getAsLong();
        }
        return OptionalLong.of(sum);
    }

    private static void kernel(Families families, HostSample sample, NeighbourKernel kernel, boolean showNotebooks) {
        KernelRecord record = kernel.record();
        Labels labels = SeriesLabels.of(sample.hostname()).kernel(kernel, showNotebooks).build();
        families.info("gpumagics_kernel", "A GpuMagics kernel on this host, from its record: which kernel carries it and its state",
                SeriesLabels.of(sample.hostname()).kernel(kernel, showNotebooks).with("kernel_type", record.kernel())
                        .with("state", state(record.state())).build());
        families.gauge("gpumagics_kernel_idle_seconds", "How long the kernel has run no cell (0 while one runs); not known in IJava and JJava",
                labels, idleSeconds(record, sample.takenAt()));
        families.gauge("gpumagics_kernel_last_activity_timestamp_seconds", "When a cell last ended or started (in IJava and JJava, the last code seen)",
                labels, OptionalDouble.of(record.lastActivity().toEpochMilli() / 1000.0));
        List<ProcessUsage> rows = sample.devices().asOptional().map(GpuSnapshot::processes).orElse(List.of()).stream()
                .filter(row -> row.isPid(record.pid())).toList();
        Optional<GpuSnapshot> snapshot = sample.devices().asOptional();
        for (HeldOnGpu held : record.devices()) {
            Optional<DeviceMemory> device = snapshot.flatMap(s -> s.devices().stream().filter(d -> d.hasUuid(held.uuid())).findFirst());
            Labels on = (device.isPresent() ? SeriesLabels.of(sample.hostname()).device(device.get(), snapshot.orElseThrow())
                    : SeriesLabels.of(sample.hostname()).recorded(held)).kernel(kernel, showNotebooks).build();
            OptionalLong live = device.flatMap(d -> rows.stream().filter(row -> row.isOn(d.id())).findFirst())
                    .map(ProcessUsage::usedBytes).orElse(OptionalLong.empty());
            families.bytes(USED, USED_HELP, on, live.isPresent() ? live : held.usedBytes());
            families.bytes("gpumagics_kernel_tensors_bytes", "In the kernel's live tensors (libtorch's allocated bytes), as it last read itself", on, held.tensorsBytes());
            families.bytes("gpumagics_kernel_cache_bytes", "In libtorch's cache: reserved, no tensor in it, free to release", on, held.cacheBytes());
            families.bytes("gpumagics_kernel_context_bytes", "The CUDA context and libraries' workspaces: what no cache release frees", on, held.contextBytes());
            families.bytes("gpumagics_kernel_parked_bytes", "What the kernel parked in host memory from this GPU, while parked", on, held.parkedBytes());
        }
        // a GPU the probe lists the kernel on that its record does not name (no libtorch CUDA in it, or a record not yet rewritten)
        for (ProcessUsage row : rows) {
            Optional<DeviceMemory> device = snapshot.flatMap(s -> s.devices().stream().filter(d -> row.isOn(d.id())).findFirst());
            if (device.isEmpty() || record.devices().stream().anyMatch(held -> device.get().hasUuid(held.uuid()))) {
                continue;
            }
            families.bytes(USED, USED_HELP, SeriesLabels.of(sample.hostname()).device(device.get(), snapshot.orElseThrow())
                    .kernel(kernel, showNotebooks).build(), row.usedBytes());
        }
    }

    private static final String USED = "gpumagics_kernel_memory_used_bytes";
    private static final String USED_HELP = "What the kernel's process holds on the device (its used_memory now; else as its record last said)";

    /** A busy kernel has been idle for 0 s; an add-on's kernel does not say whether a cell runs, so its idle time is not known. */
    static OptionalDouble idleSeconds(KernelRecord record, Instant at) {
        return switch (record.state()) {
            case BUSY -> OptionalDouble.of(0);
            case IDLE, PARKED -> OptionalDouble.of(Math.max(0, Duration.between(record.lastActivity(), at).toMillis() / 1000.0));
            case UNKNOWN -> OptionalDouble.empty();
        };
    }

    /** {@link KernelState} is read for its name only: a new state shows in the info series' label before anything else. */
    static String state(KernelState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
