package dev.gpumagics.look;

import dev.gpumagics.neighbours.KernelRecord;
import dev.gpumagics.probe.HostMemory;
import dev.gpumagics.probe.ProcessIdentity;
import dev.gpumagics.probe.value.AllocatorStats;
import dev.gpumagics.probe.value.CudaDevice;
import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.Probed;
import dev.gpumagics.probe.value.ProcessUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.LongFunction;

/** Puts the probes' answers together into a {@link MemoryReport}; reads nothing itself. */
public final class ReportAssembler {

    static final long LARGE_CACHE_BYTES = 128L << 20;
    static final long LARGE_CONTEXT_BYTES = 256L << 20;

    private ReportAssembler() {}

    /**
     * @param identities who a pid is; asked only for other processes, and only when processes are shown
     * @throws NoSuchDeviceException when {@code options} names a device that is not there
     */
    public static MemoryReport assemble(
            Instant takenAt,
            long pid,
            Probed<GpuSnapshot> gpu,
            Probed<List<CudaDevice>> cuda,
            Probed<List<AllocatorStats>> allocator,
            HostMemory host,
            LongFunction<ProcessIdentity> identities,
            ReportOptions options) {
        return assemble(takenAt, pid, gpu, cuda, allocator, host, identities, other -> Optional.empty(), options);
    }

    /**
     * The same, with the records of the other processes that are GpuMagics kernels.
     *
     * @param kernels a process's believed record, if it has one; asked only for other processes that are shown
     */
    public static MemoryReport assemble(
            Instant takenAt,
            long pid,
            Probed<GpuSnapshot> gpu,
            Probed<List<CudaDevice>> cuda,
            Probed<List<AllocatorStats>> allocator,
            HostMemory host,
            LongFunction<ProcessIdentity> identities,
            LongFunction<Optional<KernelRecord>> kernels,
            ReportOptions options) {
        if (gpu instanceof Probed.Unavailable<GpuSnapshot> missing) {
            String line = missing.hint().isEmpty() ? missing.reason() : missing.reason() + ". " + capitalized(missing.hint());
            if (options.device().isPresent()) {
                throw new NoSuchDeviceException("no GPU " + options.device().get() + ": " + line);
            }
            return new MemoryReport(takenAt, pid, Optional.empty(), Optional.empty(), Optional.of(line), List.of(),
                    Optional.empty(), host, options, Optional.empty());
        }
        GpuSnapshot snapshot = gpu.asOptional().orElseThrow();
        List<DeviceMemory> chosen = chosen(snapshot.devices(), options);
        List<CudaDevice> cudaDevices = cuda.asOptional().orElse(List.of());
        List<AllocatorStats> stats = allocator.asOptional().orElse(List.of());
        List<DeviceReport> devices = new ArrayList<>();
        for (DeviceMemory device : chosen) {
            Optional<CudaDevice> cudaDevice = CudaDevice.of(device, cudaDevices);
            Optional<AllocatorStats> deviceStats = cudaDevice.flatMap(c -> AllocatorStats.of(c.ordinal(), stats));
            List<ProcessUsage> own = snapshot.processes().stream().filter(p -> p.isOn(device.id()) && p.isPid(pid)).toList();
            OptionalLong ownBytes = own.stream().map(ProcessUsage::usedBytes).filter(OptionalLong::isPresent).findFirst()
                    .orElse(OptionalLong.empty());
            KernelUsage kernel = new KernelUsage(ownBytes, deviceStats, cudaDevice.map(CudaDevice::primaryContextActive),
                    cudaDevice.map(c -> OptionalInt.of(c.ordinal())).orElse(OptionalInt.empty()));
            List<ProcessUsage> rows = snapshot.processes().stream()
                    .filter(p -> p.isOn(device.id()) && !p.isPid(pid)).toList();
            OptionalLong othersBytes = DeviceReport.sum(rows.stream().map(ProcessUsage::usedBytes).toList());
            // --no-procs hides who the others are, not that they hold memory
            List<OtherProcess> others = options.processes() ? others(rows, identities, kernels) : List.of();
            devices.add(new DeviceReport(device, kernel, others, othersBytes, rows.size(), snapshot.processesListed(device.id()),
                    hints(device, kernel, !own.isEmpty(), host)));
        }
        Optional<String> allocatorNote = allocator instanceof Probed.Unavailable<List<AllocatorStats>> none
                && devices.stream().anyMatch(d -> d.kernel().processBytes().isPresent())
                ? Optional.of(none.reason()) : Optional.empty();
        return new MemoryReport(takenAt, pid, Optional.of(snapshot.source()), snapshot.driverVersion(),
                Optional.empty(), devices, allocatorNote, host, options, Optional.empty());
    }

    private static List<DeviceMemory> chosen(List<DeviceMemory> devices, ReportOptions options) {
        if (options.device().isEmpty()) {
            return devices;
        }
        DeviceId wanted = options.device().get();
        List<DeviceMemory> match = devices.stream().filter(d -> options.covers(d.id())).toList();
        if (match.isEmpty()) {
            throw new NoSuchDeviceException("no GPU " + wanted + ": "
                    + (devices.isEmpty() ? "the driver lists no GPUs" : "this machine has " + listing(devices)));
        }
        return match;
    }

    private static String listing(List<DeviceMemory> devices) {
        List<DeviceMemory> gpus = devices.stream().filter(d -> !d.id().isMig()).toList();
        List<String> instances = devices.stream().filter(d -> d.id().isMig()).map(d -> d.id().toString()).toList();
        String whole = gpus.isEmpty() ? "no whole GPU" : gpus.size() == 1 ? "only GPU " + gpus.get(0).id()
                : "GPUs " + gpus.get(0).id() + " to " + gpus.get(gpus.size() - 1).id();
        return instances.isEmpty() ? whole : whole + " and MIG instances " + String.join(", ", instances);
    }

    private static List<OtherProcess> others(List<ProcessUsage> rows, LongFunction<ProcessIdentity> identities,
            LongFunction<Optional<KernelRecord>> kernels) {
        return rows.stream()
                .map(p -> new OtherProcess(p.pid().isPresent() ? Optional.of(identities.apply(p.pid().getAsLong())) : Optional.empty(),
                        p.usedBytes(), p.pid().isPresent() ? kernels.apply(p.pid().getAsLong()) : Optional.empty()))
                .sorted(Comparator.comparingLong((OtherProcess o) -> o.usedBytes().orElse(0)).reversed())
                .toList();
    }

    static List<Hint> hints(DeviceMemory device, KernelUsage kernel, boolean hasRow, HostMemory host) {
        List<Hint> hints = new ArrayList<>();
        if (!device.memoryKnown()) {
            hints.add(new Hint.MemoryNotReported(host.availableBytes(), kernel.reservedBytes()));
        }
        OptionalLong cache = kernel.cacheBytes();
        if (cache.isPresent() && cache.getAsLong() >= LARGE_CACHE_BYTES) {
            hints.add(new Hint.CacheToGiveBack(cache.getAsLong()));
        }
        OptionalLong context = kernel.contextAndLibrariesBytes();
        if (context.isPresent() && context.getAsLong() >= LARGE_CONTEXT_BYTES) {
            hints.add(new Hint.ContextToPark(context.getAsLong()));
        } else if (context.isEmpty() && kernel.processBytes().isPresent() && kernel.processBytes().getAsLong() >= LARGE_CONTEXT_BYTES) {
            // without the allocator's counters nothing says how much of it a cache release would free
            hints.add(new Hint.ParkAll(kernel.processBytes().getAsLong()));
        }
        if (!hasRow && kernel.contextActive().orElse(false)) {
            hints.add(new Hint.NoProcessRow());
        }
        return hints;
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
