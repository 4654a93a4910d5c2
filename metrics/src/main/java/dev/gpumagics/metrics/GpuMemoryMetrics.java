package dev.gpumagics.metrics;

import dev.gpumagics.GpuMemory;
import dev.gpumagics.look.DeviceReport;
import dev.gpumagics.look.MemoryReport;
import dev.gpumagics.look.ReportOptions;
import dev.gpumagics.oom.AllocationFailures;
import dev.gpumagics.oom.Diagnoser;
import dev.gpumagics.oom.Diagnosis;
import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.vars.NotebookVariables;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A JVM service's GPU memory as Micrometer meters. Per device (tagged with dcgm-exporter's {@code gpu} and {@code UUID},
 * so that a dashboard joins them with {@code DCGM_FI_DEV_FB_USED}; its camelCase {@code modelName} promtool's lint refuses): its total, used and free memory, and this process's allocated (live tensors), reserved (tensors and
 * libtorch's cache), peak allocated and context bytes. And {@code gpumagics.allocation.failures}, counted by the
 * diagnosed cause of each failure the service hands to {@link #recordFailure}.
 *
 * <p>A scrape takes at most one look a second (the gauges of one scrape share it), and a look reads only what exists:
 * it never loads libtorch and never creates a CUDA context. A figure the look does not have (no libtorch CUDA yet, a
 * device that says {@code [N/A]}) reads NaN, Micrometer's "no value", never 0. The devices are those the first look
 * after {@link #bindTo} sees.
 */
public final class GpuMemoryMetrics implements MeterBinder {

    private static final Duration LOOK_AT_MOST_EVERY = Duration.ofSeconds(1);

    private final RecentLook look;
    private final Diagnoser diagnoser;
    /** By {@link FailureCause#ordinal()}: kept here, so that failures before {@link #bindTo} count too. */
    private final AtomicLongArray failures = new AtomicLongArray(FailureCause.values().length);

    /** On this process's real probes; torch, if any, is where this thread's context class loader finds it. */
    public GpuMemoryMetrics() {
        this(NotebookVariables.none());
    }

    /** @param variables the service's own tensors by name, for the diagnosis to name what holds memory ({@code MapVariables}) */
    public GpuMemoryMetrics(NotebookVariables variables) {
        this(GpuMemory.forThisProcess()::report, GpuMemory.diagnoser(variables, GpuMemoryMetrics::contextClassLoader));
    }

    GpuMemoryMetrics(Function<ReportOptions, MemoryReport> report, Diagnoser diagnoser) {
        this.look = new RecentLook(() -> report.apply(ReportOptions.ALL), LOOK_AT_MOST_EVERY);
        this.diagnoser = diagnoser;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (FailureCause cause : FailureCause.values()) {
            FunctionCounter.builder("gpumagics.allocation.failures", failures, counts -> counts.get(cause.ordinal()))
                    .description("Allocation failures the service caught, by the cause the diagnosis put first")
                    .tag("cause", cause.tag()).register(registry);
        }
        for (DeviceReport device : look.get().devices()) {
            Tags tags = tags(device.device());
            DeviceId id = device.device().id();
            gauge(registry, "gpumagics.gpu.memory.total", "The device's memory (nvidia-smi memory.total)", tags, id, d -> d.device().totalBytes());
            gauge(registry, "gpumagics.gpu.memory.used", "In use on the device by every process (memory.used)", tags, id, d -> d.device().usedBytes());
            gauge(registry, "gpumagics.gpu.memory.free", "Free on the device (memory.free)", tags, id, d -> d.device().freeBytes());
            gauge(registry, "gpumagics.process.gpu.memory.allocated", "In this process's live tensors (libtorch's allocated bytes)", tags, id,
                    d -> d.kernel().tensorsBytes());
            gauge(registry, "gpumagics.process.gpu.memory.reserved", "What libtorch's allocator holds from CUDA: tensors and its cache", tags, id,
                    d -> d.kernel().reservedBytes());
            gauge(registry, "gpumagics.process.gpu.memory.peak", "The most this process's tensors held at once (libtorch's peak allocated)", tags, id,
                    d -> d.kernel().allocator().map(a -> OptionalLong.of(a.allocated().aggregate().peakBytes())).orElse(OptionalLong.empty()));
            gauge(registry, "gpumagics.process.gpu.memory.context", "This process's use beyond the allocator: the CUDA context, libraries' workspaces",
                    tags, id, d -> d.kernel().contextAndLibrariesBytes());
        }
    }

    /**
     * Diagnoses an allocation failure the service caught (the existing diagnoser: what held the memory, likeliest cause
     * first) and counts it under that cause; a throwable that holds no allocation failure is not counted.
     *
     * @return the diagnosis, for the service to log ({@code DiagnosisText}); empty where {@code thrown} is no allocation failure
     */
    public Optional<Diagnosis> recordFailure(Throwable thrown) {
        if (AllocationFailures.in(thrown).isEmpty()) {
            return Optional.empty();
        }
        Diagnosis diagnosis = diagnoser.diagnose(thrown);
        failures.incrementAndGet(FailureCause.of(diagnosis).ordinal());
        return Optional.of(diagnosis);
    }

    private void gauge(MeterRegistry registry, String name, String description, Tags tags, DeviceId id,
            Function<DeviceReport, OptionalLong> figure) {
        Gauge.builder(name, look, l -> value(l.get(), id, figure)).description(description).baseUnit("bytes").tags(tags).register(registry);
    }

    private static double value(MemoryReport report, DeviceId id, Function<DeviceReport, OptionalLong> figure) {
        return report.devices().stream().filter(d -> d.device().id().equals(id)).findFirst().map(figure)
                .filter(OptionalLong::isPresent).map(bytes -> (double) bytes.getAsLong()).orElse(Double.NaN);
    }

    /** dcgm-exporter's tag names; a MIG instance by its GPU's index and {@code mig_device}; an unknown UUID is an empty tag, no label. */
    static Tags tags(DeviceMemory device) {
        Tags tags = Tags.of("gpu", Integer.toString(device.id().gpu()));
        if (device.id().isMig()) {
            tags = tags.and("mig_device", Integer.toString(device.id().mig().getAsInt()));
        }
        return tags.and("UUID", device.uuid().orElse(""));
    }

    private static ClassLoader contextClassLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : GpuMemoryMetrics.class.getClassLoader();
    }

    /** The last look while it is younger than {@code maxAge}; a new one otherwise, one caller at a time. */
    static final class RecentLook implements Supplier<MemoryReport> {
        private final Supplier<MemoryReport> take;
        private final long maxAgeNanos;
        private volatile Optional<Taken> last = Optional.empty();

        private record Taken(MemoryReport report, long atNanos) {}

        RecentLook(Supplier<MemoryReport> take, Duration maxAge) {
            this.take = take;
            this.maxAgeNanos = maxAge.toNanos();
        }

        @Override
        public synchronized MemoryReport get() {
            long now = System.nanoTime();
            Optional<Taken> seen = last;
            if (seen.isPresent() && now - seen.get().atNanos() < maxAgeNanos) {
                return seen.get().report();
            }
            MemoryReport report = take.get();
            last = Optional.of(new Taken(report, now));
            return report;
        }
    }
}
