package dev.gpumagics.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.Promtool;
import dev.gpumagics.idle.IdlePolicy;
import dev.gpumagics.neighbours.HeldOnGpu;
import dev.gpumagics.neighbours.KernelRecord;
import dev.gpumagics.neighbours.KernelState;
import dev.gpumagics.neighbours.NeighbourKernel;
import dev.gpumagics.neighbours.ShelfListing;
import dev.gpumagics.probe.NvidiaSmiProbe;
import dev.gpumagics.probe.RecordedNvidiaSmi;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.Probed;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One look at a recorded eight-GPU server (eight-busy: GPU 5 prints [N/A] memory) with three kernels' records, as series. */
class HostSeriesTest {

    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;
    static final Instant AT = Instant.parse("2026-12-08T17:00:00Z");
    static final String GPU2 = "GPU-3c5e11dc-0570-71e2-b0cf-6128e6e96235";
    static final String GPU4 = "GPU-80ac04c6-05ed-2d8f-5982-71fc0ed9adb9";
    static final HostSeries.Options SHOWN = new HostSeries.Options(true, Duration.ofSeconds(30));

    @TempDir
    Path bin;

    /** The recorded server, read through the real nvidia-smi probe on the stand-in. */
    Probed<GpuSnapshot> eightBusy() {
        return new NvidiaSmiProbe(Optional.of(RecordedNvidiaSmi.install(bin, "eight-busy"))).snapshot();
    }

    /** alice's training kernel on GPU 2 (nvidia-smi's pid 52011), idle 3 h; bob's parked one; carol's IJava kernel. */
    static List<NeighbourKernel> kernels() {
        KernelRecord training = KernelRecord.builder(52011, "boot-1", "GpuMagics").kernelId("7f3a").notebook("train.ipynb")
                .lastActivity(AT.minus(Duration.ofHours(3))).state(KernelState.IDLE).idlePolicy(IdlePolicy.OFF)
                .devices(List.of(new HeldOnGpu("2", GPU2, OptionalLong.of(11000 * MIB), OptionalLong.of(3 * GIB), OptionalLong.of(7 * GIB))))
                .build();
        KernelRecord parked = KernelRecord.builder(777, "boot-2", "GpuMagics").kernelId("9c1d").notebook("eval.ipynb")
                .lastActivity(AT.minusSeconds(600)).state(KernelState.PARKED).devices(List.of(HeldOnGpu.parked("4", GPU4, 5 * GIB))).build();
        KernelRecord ijava = KernelRecord.builder(888, "boot-3", "IJava").lastActivity(AT.minusSeconds(60)).state(KernelState.UNKNOWN).build();
        return List.of(new NeighbourKernel(training, Optional.of("alice")), new NeighbourKernel(parked, Optional.of("bob")),
                new NeighbourKernel(ijava, Optional.empty()));
    }

    HostSample sample() {
        return new HostSample(AT, Optional.of("gpu7"), eightBusy(), new ShelfListing(kernels(), List.of(), Optional.empty()), Duration.ofMillis(12));
    }

    static String text(HostSample sample, Instant now, HostSeries.Options options) {
        return PrometheusTextFormatWriter.create().toDebugString(HostSeries.of(sample, now, options));
    }

    @Test
    void eachDeviceCarriesDcgmExportersLabelsAndAnAbsentFigureIsNoSampleNotZero() {
        Scrape scrape = Scrape.of(text(sample(), AT, SHOWN));
        Map<String, String> gpu2 = Map.of("Hostname", "gpu7", "gpu", "2", "UUID", GPU2);
        assertEquals(Optional.of(81559.0 * MIB), scrape.value("gpumagics_device_memory_total_bytes", gpu2));
        assertEquals(Optional.of(12403.0 * MIB), scrape.value("gpumagics_device_memory_used_bytes", gpu2));
        assertEquals(Optional.of(69156.0 * MIB), scrape.value("gpumagics_device_memory_free_bytes", gpu2));
        assertEquals(1, scrape.find("gpumagics_device_info", Map.of("gpu", "2", "model_name", "NVIDIA H100 80GB HBM3")).size());
        assertEquals(8, scrape.find("gpumagics_device_info", Map.of()).size());
        Map<String, String> gpu5 = Map.of("gpu", "5");
        assertEquals(Optional.empty(), scrape.value("gpumagics_device_memory_total_bytes", gpu5), "GPU 5 prints [N/A]");
        assertEquals(Optional.empty(), scrape.value("gpumagics_device_memory_free_bytes", gpu5));
        assertEquals(1, scrape.find("gpumagics_device_info", gpu5).size(), "it is still listed");
    }

    @Test
    void otherProcessesAreTheRowsThatAreNoKernelsAndAWithheldRowMakesTheirSumUnknown() {
        Scrape scrape = Scrape.of(text(sample(), AT, SHOWN));
        assertEquals(Optional.of(0.0), scrape.value("gpumagics_device_other_processes_memory_bytes", Map.of("gpu", "2")),
                "GPU 2's one process is alice's kernel");
        assertEquals(Optional.of(0.0), scrape.value("gpumagics_device_other_processes_memory_bytes", Map.of("gpu", "0")));
        assertEquals(Optional.empty(), scrape.value("gpumagics_device_other_processes_memory_bytes", Map.of("gpu", "6")),
                "one of GPU 6's rows says [N/A]");
    }

    @Test
    void aKernelsSplitComesFromItsRecordItsUseFromTheDeviceNowAndItsLabelsSayWhose() {
        Scrape scrape = Scrape.of(text(sample(), AT, SHOWN));
        Map<String, String> alice = Map.of("Hostname", "gpu7", "gpu", "2", "UUID", GPU2, "user", "alice", "kernel_id", "7f3a",
                "notebook", "train.ipynb", "pid", "52011");
        assertEquals(Optional.of(11876.0 * MIB), scrape.value("gpumagics_kernel_memory_used_bytes", alice), "nvidia-smi's row now");
        assertEquals(Optional.of(3.0 * GIB), scrape.value("gpumagics_kernel_tensors_bytes", alice));
        assertEquals(Optional.of(7.0 * GIB), scrape.value("gpumagics_kernel_cache_bytes", alice));
        assertEquals(Optional.of(11000.0 * MIB - 10 * GIB), scrape.value("gpumagics_kernel_context_bytes", alice), "its own use less tensors and cache");
        assertEquals(Optional.empty(), scrape.value("gpumagics_kernel_parked_bytes", alice), "not parked");
        assertEquals(Optional.of(3 * 3600.0), scrape.value("gpumagics_kernel_idle_seconds", Map.of("pid", "52011")));
        assertEquals(1, scrape.find("gpumagics_kernel_info", Map.of("pid", "52011", "kernel_type", "GpuMagics", "state", "idle")).size());
    }

    @Test
    void aParkedKernelShowsWhatItParkedAndAnAddOnsIdleTimeIsNotKnown() {
        Scrape scrape = Scrape.of(text(sample(), AT, SHOWN));
        assertEquals(Optional.of(5.0 * GIB), scrape.value("gpumagics_kernel_parked_bytes", Map.of("pid", "777", "gpu", "4", "UUID", GPU4)));
        assertEquals(Optional.empty(), scrape.value("gpumagics_kernel_tensors_bytes", Map.of("pid", "777")));
        assertEquals(Optional.of(600.0), scrape.value("gpumagics_kernel_idle_seconds", Map.of("pid", "777")));
        assertEquals(Optional.empty(), scrape.value("gpumagics_kernel_idle_seconds", Map.of("pid", "888")), "IJava does not say when cells run");
        List<Scrape.Sample> ijava = scrape.find("gpumagics_kernel_info", Map.of("pid", "888", "kernel_type", "IJava", "state", "unknown"));
        assertEquals(1, ijava.size());
        assertFalse(ijava.get(0).labels().containsKey("user"), "a user NSS cannot name is no label, not an empty one");
        assertFalse(ijava.get(0).labels().containsKey("notebook"));
    }

    @Test
    void hiddenNotebooksLeaveTheLabelOutEverywhere() {
        String text = text(sample(), AT, new HostSeries.Options(false, Duration.ofSeconds(30)));
        assertFalse(text.contains("notebook="), text);
        assertFalse(text.contains("train.ipynb"), text);
        assertTrue(text.contains("kernel_id=\"7f3a\""), text);
    }

    @Test
    void aLookOlderThanItsLimitLeavesOnlyTheExportersOwnSeries() {
        Scrape scrape = Scrape.of(text(sample(), AT.plusSeconds(31), SHOWN));
        assertTrue(scrape.samples().stream().allMatch(s -> s.name().startsWith("gpumagics_exporter_")), scrape.toString());
        assertEquals(Optional.of(AT.getEpochSecond() * 1.0), scrape.value("gpumagics_exporter_sample_timestamp_seconds", Map.of()));
    }

    @Test
    void noDevicesIsOneZeroAndTheKernelsStillShow() {
        HostSample none = new HostSample(AT, Optional.empty(), Probed.unavailable("nvidia-smi is not on PATH", ""),
                new ShelfListing(kernels(), List.of(), Optional.empty()), Duration.ofMillis(3));
        Scrape scrape = Scrape.of(text(none, AT, SHOWN));
        assertEquals(Optional.of(0.0), scrape.value("gpumagics_exporter_device_probe_success", Map.of()));
        assertEquals(List.of(), scrape.find("gpumagics_device_memory_total_bytes", Map.of()));
        assertEquals(Optional.of(3.0 * GIB), scrape.value("gpumagics_kernel_tensors_bytes", Map.of("pid", "52011", "gpu", "2", "UUID", GPU2)),
                "as its record names its GPU");
    }

    @Test
    void promtoolFindsNothingToSay() throws Exception {
        Promtool.assertClean(text(sample(), AT, SHOWN));
    }
}
