package dev.gpumagics.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.Probed;
import dev.gpumagics.probe.value.ProcessUsage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nvidia-smi is an outside program we cannot run here: a script prints recorded servers' output (RecordedNvidiaSmi). */
class NvidiaSmiProbeTest {

    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void readsDevicesAndProcessesInBytes() {
        GpuSnapshot snapshot = recorded("h100");

        assertEquals("nvidia-smi", snapshot.source());
        assertEquals(Optional.of("580.159.04"), snapshot.driverVersion());
        assertEquals(2, snapshot.devices().size());
        DeviceMemory first = snapshot.devices().get(0);
        assertEquals(Optional.of("NVIDIA H100 80GB HBM3"), first.name());
        assertEquals(OptionalLong.of(81559 * MIB), first.totalBytes());
        assertEquals(OptionalLong.of(13107 * MIB), first.usedBytes());
        assertEquals(OptionalLong.of(68452 * MIB), first.freeBytes());
        assertEquals(OptionalInt.of(37), first.utilizationPercent());
        assertEquals(2, snapshot.processes().size());
        assertEquals(ProcessUsage.on(DeviceId.gpu(0), 41234, 1230 * MIB), snapshot.processes().get(0));
    }

    @Test
    void oneOfEightAnsweringNotAvailableForItsMemoryLeavesEveryDeviceListed() {
        GpuSnapshot snapshot = recorded("eight");

        assertEquals(8, snapshot.devices().size(), "every device the driver lists");
        DeviceMemory unknown = snapshot.devices().get(5);
        assertEquals(DeviceId.gpu(5), unknown.id());
        assertEquals(Optional.of("NVIDIA H100 80GB HBM3"), unknown.name(), "what it does give is kept");
        assertEquals(OptionalLong.empty(), unknown.totalBytes(), "[N/A] is absent, not 0");
        assertEquals(OptionalLong.empty(), unknown.usedBytes());
        assertEquals(OptionalLong.empty(), unknown.freeBytes());
        assertEquals(OptionalInt.of(0), unknown.utilizationPercent());
        assertFalse(unknown.memoryKnown());
        for (DeviceMemory device : snapshot.devices()) {
            assertTrue(device.uuid().isPresent(), device.toString());
            if (device != unknown) {
                assertEquals(OptionalLong.of(81559 * MIB), device.totalBytes(), device.toString());
            }
        }
        assertTrue(snapshot.processes().isEmpty(), "idle: no process row");
    }

    @Test
    void migInstancesAreDevicesOfTheirOwnWithTheirMemoryAndProcesses() {
        GpuSnapshot snapshot = recorded("mig");

        assertEquals(List.of(DeviceId.gpu(0), DeviceId.mig(0, 0), DeviceId.mig(0, 1), DeviceId.gpu(1)),
                snapshot.devices().stream().map(DeviceMemory::id).toList(), "each GPU, then its instances");
        DeviceMemory parent = snapshot.devices().get(0);
        assertEquals(OptionalInt.empty(), parent.utilizationPercent(), "MIG: no utilization for the whole GPU");
        DeviceMemory instance = snapshot.devices().get(1);
        assertEquals(Optional.of("NVIDIA A100-SXM4-80GB MIG 3g.40gb"), instance.name());
        assertEquals(Optional.of("MIG-56f1480c-1d10-440b-d0f2-ea9156934543"), instance.uuid());
        assertEquals(OptionalLong.of(40192 * MIB), instance.totalBytes(), "the XML log's fb_memory_usage");
        assertEquals(OptionalLong.of(9811 * MIB), instance.usedBytes());
        assertEquals(OptionalLong.of(30380 * MIB), instance.freeBytes());
        assertEquals(OptionalLong.of(1987 * MIB), snapshot.devices().get(2).usedBytes());
        assertEquals(List.of(Optional.of(DeviceId.mig(0, 0)), Optional.of(DeviceId.mig(0, 1))),
                snapshot.processes().stream().map(ProcessUsage::device).toList(), "each row on the instance its gpu_uuid names");
        for (ProcessUsage process : snapshot.processes()) {
            assertEquals(OptionalLong.empty(), process.usedBytes(), "[N/A] and [Insufficient Permissions] are unknown, not 0");
            assertTrue(process.pid().isPresent());
        }
    }

    @Test
    void withoutTheXmlLogAMigInstanceIsListedWithItsMemoryUnknown() throws IOException {
        RecordedNvidiaSmi.install(dir, "mig");
        // the same server, whose XML log cannot be had (an older nvidia-smi, a log it fails to write)
        Path smi = RecordedNvidiaSmi.write(dir, java.nio.file.Files.readString(dir.resolve("nvidia-smi"))
                .replace("#!/bin/sh\n", "").replace("\"-q -x\") cat", "\"-q -x\") exit 3; cat"));
        GpuSnapshot snapshot = new NvidiaSmiProbe(Optional.of(smi)).snapshot().asOptional().orElseThrow();

        assertEquals(4, snapshot.devices().size());
        DeviceMemory instance = snapshot.devices().get(2);
        assertEquals(DeviceId.mig(0, 1), instance.id());
        assertEquals(OptionalLong.empty(), instance.totalBytes());
        assertEquals(Optional.of("MIG-d6562834-3db2-6ca3-74bd-e657a13442b1"), instance.uuid(), "named by the listing");
        assertEquals(2, snapshot.processes().stream().filter(p -> p.device().map(DeviceId::isMig).orElse(false)).count());
    }

    @Test
    void aUnifiedMemoryDeviceHasNoMemoryFiguresButKeepsItsProcesses() {
        GpuSnapshot snapshot = recorded("gb10");

        DeviceMemory gb10 = snapshot.devices().get(0);
        assertEquals(Optional.of("NVIDIA GB10"), gb10.name());
        assertFalse(gb10.memoryKnown());
        assertEquals(OptionalInt.of(3), gb10.utilizationPercent());
        assertEquals(List.of(ProcessUsage.on(DeviceId.gpu(0), 7311, 4212 * MIB)), snapshot.processes());
    }

    @Test
    void aProcessRowWithAnEmptyFieldIsKeptWithThatFieldAbsent() throws IOException {
        Path smi = RecordedNvidiaSmi.write(dir, """
                case "$1" in
                  --query-gpu=*) echo '0, GPU-a, Tesla T4, 15360, 11876, 3484, 12, 535.104.05' ;;
                  --query-compute-apps=*) echo 'GPU-a, , 11876'; echo ', 4321, 100'; echo 'GPU-a, 77, ' ;;
                  *) exit 2 ;;
                esac
                """);
        GpuSnapshot snapshot = new NvidiaSmiProbe(Optional.of(smi)).snapshot().asOptional().orElseThrow();

        assertEquals(List.of(new ProcessUsage(Optional.of(DeviceId.gpu(0)), OptionalLong.empty(), OptionalLong.of(11876 * MIB)),
                new ProcessUsage(Optional.empty(), OptionalLong.of(4321), OptionalLong.of(100 * MIB)),
                new ProcessUsage(Optional.of(DeviceId.gpu(0)), OptionalLong.of(77), OptionalLong.empty())), snapshot.processes());
        assertEquals(1, snapshot.devices().size());
    }

    @Test
    void noProcessesIsAnEmptyList() throws IOException {
        Path smi = RecordedNvidiaSmi.write(dir, """
                case "$1" in
                  --query-gpu=*) echo '0, GPU-a, Tesla T4, 15360, 0, 15360, 0, 535.104.05' ;;
                  *) ;;
                esac
                """);
        GpuSnapshot snapshot = new NvidiaSmiProbe(Optional.of(smi)).snapshot().asOptional().orElseThrow();
        assertEquals(1, snapshot.devices().size());
        assertTrue(snapshot.processes().isEmpty());
    }

    @Test
    void aFailingNvidiaSmiIsOneLineWithItsMessage() throws IOException {
        Path smi = RecordedNvidiaSmi.write(dir, """
                echo 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.' >&2
                exit 9
                """);
        Probed<GpuSnapshot> answer = new NvidiaSmiProbe(Optional.of(smi)).snapshot();
        var missing = assertInstanceOf(Probed.Unavailable.class, answer);
        assertTrue(missing.reason().contains("exit 9"), missing.reason());
        assertTrue(missing.reason().contains("could not communicate with the NVIDIA driver"), missing.reason());
        assertFalse(missing.reason().contains("\n"));
    }

    @Test
    void unreadableOutputIsReportedNotThrown() throws IOException {
        Path smi = RecordedNvidiaSmi.write(dir, "echo 'garbage without commas'");
        var missing = assertInstanceOf(Probed.Unavailable.class, new NvidiaSmiProbe(Optional.of(smi)).snapshot());
        assertTrue(missing.reason().startsWith("nvidia-smi printed what GpuMagics cannot read"), missing.reason());
    }

    @Test
    void absentExecutableIsUnavailable() {
        var missing = assertInstanceOf(Probed.Unavailable.class, new NvidiaSmiProbe(Optional.empty()).snapshot());
        assertEquals("nvidia-smi is not on PATH", missing.reason());
    }

    @Test
    void findsTheExecutableOnPath() {
        Path smi = RecordedNvidiaSmi.install(dir, "h100");
        assertEquals(Optional.of(smi), NvidiaSmiProbe.findOnPath("/nonexistent:" + dir));
        assertEquals(Optional.empty(), NvidiaSmiProbe.findOnPath("/nonexistent"));
    }

    private GpuSnapshot recorded(String name) {
        return new NvidiaSmiProbe(Optional.of(RecordedNvidiaSmi.install(dir, name))).snapshot().asOptional().orElseThrow();
    }
}
