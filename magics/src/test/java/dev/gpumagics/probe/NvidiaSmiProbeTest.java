package dev.gpumagics.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.Probed;
import dev.gpumagics.probe.value.ProcessUsage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nvidia-smi is an outside program we cannot run here: a script prints its recorded-format output. */
class NvidiaSmiProbeTest {

    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void readsDevicesAndProcessesInBytes() throws IOException {
        GpuSnapshot snapshot = probe(script("h100")).snapshot().asOptional().orElseThrow();

        assertEquals("nvidia-smi", snapshot.source());
        assertEquals("580.159.04", snapshot.driverVersion());
        assertEquals(2, snapshot.devices().size());
        DeviceMemory first = snapshot.devices().get(0);
        assertEquals("NVIDIA H100 80GB HBM3", first.name());
        assertEquals(81559 * MIB, first.totalBytes());
        assertEquals(13107 * MIB, first.usedBytes());
        assertEquals(68452 * MIB, first.freeBytes());
        assertEquals(OptionalInt.of(37), first.utilizationPercent());
        assertEquals(2, snapshot.processes().size());
        assertEquals(new ProcessUsage(0, 41234, OptionalLong.of(1230 * MIB)), snapshot.processes().get(0));
    }

    @Test
    void migRowsKeepTheirProcessesWithUnknownMemory() throws IOException {
        GpuSnapshot snapshot = probe(script("mig")).snapshot().asOptional().orElseThrow();

        assertEquals(OptionalInt.empty(), snapshot.devices().get(0).utilizationPercent());
        assertEquals(2, snapshot.processes().size());
        for (ProcessUsage process : snapshot.processes()) {
            assertEquals(java.util.OptionalInt.empty(), process.deviceIndex(), "a MIG instance is not one of the listed GPUs");
            assertEquals(OptionalLong.empty(), process.usedBytes(), "[N/A] and [Insufficient Permissions] are unknown, not 0");
        }
    }

    @Test
    void noProcessesIsAnEmptyList() throws IOException {
        Path smi = writeScript("""
                case "$1" in
                  --query-gpu=*) echo '0, GPU-a, Tesla T4, 15360, 0, 15360, 0, 535.104.05' ;;
                  *) ;;
                esac
                """);
        GpuSnapshot snapshot = probe(smi).snapshot().asOptional().orElseThrow();
        assertEquals(1, snapshot.devices().size());
        assertTrue(snapshot.processes().isEmpty());
    }

    @Test
    void aFailingNvidiaSmiIsOneLineWithItsMessage() throws IOException {
        Path smi = writeScript("""
                echo 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.' >&2
                exit 9
                """);
        Probed<GpuSnapshot> answer = probe(smi).snapshot();
        var missing = assertInstanceOf(Probed.Unavailable.class, answer);
        assertTrue(missing.reason().contains("exit 9"), missing.reason());
        assertTrue(missing.reason().contains("could not communicate with the NVIDIA driver"), missing.reason());
        assertFalse(missing.reason().contains("\n"));
    }

    @Test
    void unreadableOutputIsReportedNotThrown() throws IOException {
        Path smi = writeScript("echo 'garbage without commas'");
        var missing = assertInstanceOf(Probed.Unavailable.class, probe(smi).snapshot());
        assertTrue(missing.reason().startsWith("nvidia-smi printed what GpuMagics cannot read"), missing.reason());
    }

    @Test
    void absentExecutableIsUnavailable() {
        var missing = assertInstanceOf(Probed.Unavailable.class, new NvidiaSmiProbe(Optional.empty()).snapshot());
        assertEquals("nvidia-smi is not on PATH", missing.reason());
    }

    @Test
    void findsTheExecutableOnPath() throws IOException {
        Path smi = script("h100");
        assertEquals(Optional.of(smi), NvidiaSmiProbe.findOnPath("/nonexistent:" + dir));
        assertEquals(Optional.empty(), NvidiaSmiProbe.findOnPath("/nonexistent"));
    }

    private NvidiaSmiProbe probe(Path smi) {
        return new NvidiaSmiProbe(Optional.of(smi));
    }

    /** A fake nvidia-smi that prints the recorded output for whichever query it is given. */
    private Path script(String name) throws IOException {
        Path gpus = copy(name + "-gpus.csv");
        Path apps = copy(name + "-apps.csv");
        return writeScript("""
                case "$1" in
                  --query-gpu=index,uuid,name,memory.total,memory.used,memory.free,utilization.gpu,driver_version) cat '%s' ;;
                  --query-compute-apps=gpu_uuid,pid,used_memory) cat '%s' ;;
                  *) echo "unexpected query $1" >&2; exit 2 ;;
                esac
                """.formatted(gpus, apps));
    }

    private Path copy(String resource) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/nvidia-smi/" + resource)) {
            Path target = dir.resolve(resource);
            Files.write(target, in.readAllBytes());
            return target;
        }
    }

    private Path writeScript(String body) throws IOException {
        Path smi = dir.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        return smi;
    }
}
