package dev.gpumagics.idle;

import dev.gpumagics.context.GpuContext;
import dev.gpumagics.internal.cuda.DriverLibraries;
import dev.gpumagics.internal.torch.TorchBridge;
import dev.gpumagics.probe.CudaContextProbe;
import dev.gpumagics.probe.GpuWorkProbe;
import dev.gpumagics.probe.TorchAllocatorProbe;
import dev.gpumagics.probe.value.AllocatorStats;
import dev.gpumagics.probe.value.CudaDevice;
import dev.gpumagics.probe.value.Probed;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One look at whether this process is working, compared with the look before: each Java thread's CPU time
 * (ThreadMXBean), libtorch's CUDA allocator counters, and NVML's per-process SM utilization. A thread counts as
 * computing when it used more than {@link #THREAD_SHARE} of a core over the window between the looks; GpuMagics' own
 * threads (named {@code gpumagics-...}) and the looking thread are left out. The device is asked only where libtorch's
 * CUDA already runs, and only while the GPU state is on it.
 */
public final class ActivityMeter {

    /** Five percent of one core: a thread at rest (a heartbeat, a socket) uses a few microseconds a second. */
    static final double THREAD_SHARE = 0.05;

    /** What one look read. */
    public record Reading(Instant at, Map<Long, ThreadTime> threads, Map<Integer, List<Long>> allocator, Map<Integer, Integer> gpuWork) {}

    record ThreadTime(String name, long cpuNanos) {}

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Supplier<ClassLoader> notebookClasses;
    private final Supplier<Optional<GpuContext>> context;
    private final long pid = ProcessHandle.current().pid();
    private Optional<String> allocatorMissing = Optional.of("not read yet");
    private Optional<String> gpuWorkMissing = Optional.of("not read yet");

    /** @param context this process's GPU context, where one was made: the device is asked only while it runs */
    public ActivityMeter(Supplier<ClassLoader> notebookClasses, Supplier<Optional<GpuContext>> context) {
        this.notebookClasses = notebookClasses;
        this.context = context;
    }

    /** What the last look could read. */
    public synchronized Measures measures() {
        return new Measures(allocatorMissing, gpuWorkMissing);
    }

    public Reading read(Instant at, Optional<Reading> before) {
        Map<Long, ThreadTime> cpu = threadTimes();
        if (!TorchBridge.libtorchCudaLoaded()) {
            note(Optional.of("libtorch's CUDA is not in use in this kernel"), Optional.of("this kernel has not used the GPU through libtorch"));
            return new Reading(at, cpu, Map.of(), Map.of());
        }
        Supplier<Reading> device = () -> deviceReading(at, cpu, before);
        Optional<GpuContext> gpu = context.get();
        return gpu.isPresent() ? gpu.get().whileOnDevice(device).orElse(new Reading(at, cpu, Map.of(), Map.of())) : device.get();
    }

    private Reading deviceReading(Instant at, Map<Long, ThreadTime> cpu, Optional<Reading> before) {
        DriverLibraries libraries = DriverLibraries.system();
        Probed<List<CudaDevice>> devices = new CudaContextProbe(libraries).devices();
        Probed<List<AllocatorStats>> stats = devices.isPresent()
                ? new TorchAllocatorProbe(notebookClasses).stats(devices.asOptional().orElseThrow())
                : Probed.unavailable("CUDA cannot be asked here", "");
        Map<Integer, List<Long>> allocator = new HashMap<>();
        for (AllocatorStats device : stats.asOptional().orElse(List.of())) {
            allocator.put(device.deviceIndex(), List.of(device.allocated().aggregate().currentBytes(), device.allocated().aggregate().peakBytes(),
                    device.reserved().aggregate().currentBytes(), device.active().aggregate().currentBytes(), device.allocRetries(),
                    device.outOfMemoryCount()));
        }
        long since = before.map(r -> r.at().toEpochMilli() * 1000).orElse(at.toEpochMilli() * 1000);
        Probed<Map<Integer, Integer>> work = new GpuWorkProbe(libraries).smPercentSince(pid, since);
        note(reason(stats), reason(work));
        return new Reading(at, cpu, allocator, work.asOptional().orElse(Map.of()));
    }

    private synchronized void note(Optional<String> allocator, Optional<String> gpuWork) {
        allocatorMissing = allocator;
        gpuWorkMissing = gpuWork;
    }

    private static Optional<String> reason(Probed<?> probed) {
        return probed instanceof Probed.Unavailable<?> missing ? Optional.of(missing.reason()) : Optional.empty();
    }

    private Map<Long, ThreadTime> threadTimes() {
        Map<Long, ThreadTime> times = new HashMap<>();
        long self = Thread.currentThread().getId();
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids, 0);
        for (int i = 0; i < ids.length; i++) {
            ThreadInfo info = infos[i];
            if (info == null || ids[i] == self || info.getThreadName().startsWith("gpumagics-")) {
                continue; // gone meanwhile, or ours
            }
            long cpu = threads.getThreadCpuTime(ids[i]);
            if (cpu >= 0) {
                times.put(ids[i], new ThreadTime(info.getThreadName(), cpu));
            }
        }
        return times;
    }

    /** Why the window between two looks was not idle, if it was not. */
    public static Optional<Busy> busy(Reading before, Reading now) {
        Duration window = Duration.between(before.at(), now.at());
        long allowed = (long) (Math.max(window.toNanos(), 1) * THREAD_SHARE);
        for (Map.Entry<Long, ThreadTime> thread : now.threads().entrySet()) {
            ThreadTime earlier = before.threads().get(thread.getKey());
            long used = thread.getValue().cpuNanos() - (earlier == null ? 0 : earlier.cpuNanos());
            if (used > allowed) {
                return Optional.of(new Busy.ThreadComputing(thread.getValue().name(), Duration.ofNanos(used), window));
            }
        }
        for (Map.Entry<Integer, List<Long>> device : now.allocator().entrySet()) {
            List<Long> earlier = before.allocator().get(device.getKey());
            if (earlier != null && !earlier.equals(device.getValue())) {
                return Optional.of(new Busy.AllocatorChanged(device.getKey()));
            }
        }
        for (Map.Entry<Integer, Integer> device : now.gpuWork().entrySet()) {
            if (device.getValue() > 0) {
                return Optional.of(new Busy.GpuComputing(device.getKey(), device.getValue()));
            }
        }
        return Optional.empty();
    }
}
