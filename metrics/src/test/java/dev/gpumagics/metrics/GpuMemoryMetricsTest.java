package dev.gpumagics.metrics;

import static dev.gpumagics.look.RecordedProbes.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.Promtool;
import dev.gpumagics.look.MemoryReport;
import dev.gpumagics.look.RecordedProbes;
import dev.gpumagics.look.ReportAssembler;
import dev.gpumagics.look.ReportOptions;
import dev.gpumagics.oom.Diagnoser;
import dev.gpumagics.oom.Diagnosis;
import dev.gpumagics.release.MemoryRelease;
import dev.gpumagics.vars.NotebookVariables;
import dev.gpumagics.probe.value.Probed;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The binder on a recorded look (two H100s, CUDA numbering them the other way round; this process's libtorch on
 * NVML's GPU 0: 1230 MiB in nvidia-smi, 544 MiB allocated, 546 MiB reserved), scraped by Micrometer's Prometheus registry.
 */
class GpuMemoryMetricsTest {

    final AtomicInteger looks = new AtomicInteger();

    MemoryReport look() {
        looks.incrementAndGet();
        return ReportAssembler.assemble(RecordedProbes.AT, RecordedProbes.PID, Probed.present(RecordedProbes.twoH100s()),
                Probed.present(RecordedProbes.cudaSwapped()), Probed.present(List.of(RecordedProbes.allocator(1, 544, 546))),
                RecordedProbes.HOST, RecordedProbes::identity, ReportOptions.ALL);
    }

    GpuMemoryMetrics metrics() {
        Supplier<MemoryReport> report = this::look;
        Diagnoser diagnoser = new Diagnoser(report, new MemoryRelease(NotebookVariables.none(), getClass()::getClassLoader), getClass()::getClassLoader);
        return new GpuMemoryMetrics(options -> look(), diagnoser);
    }

    static double sample(String scrape, String series) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertTrue(line.find(), series + " in:\n" + scrape);
        return Double.parseDouble(line.group(1));
    }

    static String recorded(String name) throws IOException {
        try (InputStream in = GpuMemoryMetricsTest.class.getResourceAsStream("/oom-messages/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    @Test
    void eachDeviceHasItsMemoryAndThisProcesssShareAndAFigureNotKnownIsNaNNotZero() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics().bindTo(registry);
        String scrape = registry.scrape();
        String gpu0 = "{UUID=\"" + RecordedProbes.UUID0 + "\",gpu=\"0\"}";
        String gpu1 = "{UUID=\"" + RecordedProbes.UUID1 + "\",gpu=\"1\"}";
        assertEquals(81559.0 * MIB, sample(scrape, "gpumagics_gpu_memory_total_bytes" + gpu0));
        assertEquals(13107.0 * MIB, sample(scrape, "gpumagics_gpu_memory_used_bytes" + gpu0));
        assertEquals(68452.0 * MIB, sample(scrape, "gpumagics_gpu_memory_free_bytes" + gpu0));
        assertEquals(544.0 * MIB, sample(scrape, "gpumagics_process_gpu_memory_allocated_bytes" + gpu0));
        assertEquals(546.0 * MIB, sample(scrape, "gpumagics_process_gpu_memory_reserved_bytes" + gpu0));
        assertEquals(1100.0 * MIB, sample(scrape, "gpumagics_process_gpu_memory_peak_bytes" + gpu0));
        assertEquals((1230.0 - 546) * MIB, sample(scrape, "gpumagics_process_gpu_memory_context_bytes" + gpu0), "its row less what libtorch reserved");
        assertTrue(Double.isNaN(sample(scrape, "gpumagics_process_gpu_memory_allocated_bytes" + gpu1)), "libtorch does not use GPU 1: " + scrape);
        for (FailureCause cause : FailureCause.values()) {
            assertEquals(0.0, sample(scrape, "gpumagics_allocation_failures_total{cause=\"" + cause.tag() + "\"}"));
        }
        assertEquals(1, looks.get(), "one look at bind time serves the scrape right after it");
    }

    @Test
    void aFailureIsCountedUnderItsDiagnosedCauseAndAnythingElseIsNotCounted() throws Exception {
        GpuMemoryMetrics metrics = metrics();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Optional<Diagnosis> tooLarge = metrics.recordFailure(new RuntimeException(recorded("v2-larger-than-the-device.txt")));
        metrics.bindTo(registry); // counted before it was bound, shown after
        Optional<Diagnosis> others = metrics.recordFailure(new IllegalStateException("wrapped", new RuntimeException(recorded("v2-one-other-process.txt"))));
        assertEquals(Optional.empty(), metrics.recordFailure(new RuntimeException("connection reset")));

        assertEquals(FailureCause.TOO_LARGE, FailureCause.of(tooLarge.orElseThrow()), "55.57 GiB asked of a 12 GiB device");
        FailureCause second = FailureCause.of(others.orElseThrow()); // whichever the diagnoser put first: its ranking is its own tests'
        String scrape = registry.scrape();
        for (FailureCause cause : FailureCause.values()) {
            double expected = (cause == FailureCause.TOO_LARGE ? 1 : 0) + (cause == second ? 1 : 0);
            assertEquals(expected, sample(scrape, "gpumagics_allocation_failures_total{cause=\"" + cause.tag() + "\"}"), cause + " in\n" + scrape);
        }
    }

    @Test
    void aScrapeTakesOneLookForAllItsGaugesAndPromtoolPassesIt() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics().bindTo(registry);
        Thread.sleep(1100);
        int before = looks.get();
        String scrape = registry.scrape();
        assertEquals(before + 1, looks.get(), "14 gauges, one look");
        Promtool.assertClean(scrape);
    }
}
