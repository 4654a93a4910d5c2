package dev.gpumagics.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.ProcessUsage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.bytedeco.cuda.global.nvml;
import org.junit.jupiter.api.Test;

/**
 * The snapshot NVML's answers make, field by field, at the boundary where NVML's statuses come in: NVML cannot run here,
 * so a stand-in answers with the statuses a real driver gives (its constants, which javac copies in, so the binding is never
 * loaded). The gpu-tagged GpuReportGpuTest and NvmlFieldsGpuTest check the real calls where a GPU is lent.
 */
class NvmlReadingTest {

    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    /** Devices are named "gpu0", "gpu0/mig1"; each answer is the one set for it, else success with a plain figure. */
    private static final class StandIn implements NvmlCalls<String> {
        int count = 8;
        final Map<String, Integer> failing = new HashMap<>();
        final Map<String, List<ProcessRow>> processes = new HashMap<>();
        final Map<String, Integer> migSlots = new HashMap<>();
        final Map<String, List<UtilizationRow>> samples = new HashMap<>();

        private <T> Answer<T> answer(String call, String device, T value) {
            Integer status = failing.get(call + " " + device);
            return status == null ? Answer.ok(value) : Answer.failed(status);
        }

        @Override
        public Answer<String> driverVersion() {
            return answer("driverVersion", "", "580.95.05");
        }

        @Override
        public Answer<Integer> deviceCount() {
            return answer("deviceCount", "", count);
        }

        @Override
        public Answer<String> handle(int index) {
            return answer("handle", "gpu" + index, "gpu" + index);
        }

        @Override
        public Answer<String> name(String device) {
            return answer("name", device, device.contains("mig") ? "NVIDIA A100-SXM4-80GB MIG 3g.40gb" : "NVIDIA H100 80GB HBM3");
        }

        @Override
        public Answer<String> uuid(String device) {
            return answer("uuid", device, (device.contains("mig") ? "MIG-" : "GPU-") + device);
        }

        @Override
        public Answer<Memory> memory(String device) {
            return answer("memory", device, new Memory(80 * GIB, 2 * GIB, 78 * GIB));
        }

        @Override
        public Answer<Integer> utilization(String device) {
            return answer("utilization", device, 37);
        }

        @Override
        public Answer<Boolean> migEnabled(String device) {
            return answer("migEnabled", device, migSlots.containsKey(device));
        }

        @Override
        public Answer<Integer> maxMigDevices(String device) {
            return answer("maxMigDevices", device, 7);
        }

        @Override
        public Answer<String> migHandle(String device, int slot) {
            return slot < migSlots.getOrDefault(device, 0) ? answer("migHandle", device + "/mig" + slot, device + "/mig" + slot)
                    : Answer.failed(nvml.NVML_ERROR_NOT_FOUND);
        }

        @Override
        public Answer<List<ProcessRow>> computeProcesses(String device) {
            return answer("computeProcesses", device, processes.getOrDefault(device, List.of()));
        }

        @Override
        public Answer<List<UtilizationRow>> processUtilization(String device, long sinceMicros) {
            return answer("processUtilization", device, samples.getOrDefault(device, List.of()));
        }

        @Override
        public String errorString(int status) {
            return status == nvml.NVML_ERROR_DRIVER_NOT_LOADED ? "Driver Not Loaded" : "Unknown Error";
        }
    }

    @Test
    void aDeviceWithoutMemoryInfoIsListedWithItsMemoryAbsentAndTheOthersWhole() {
        StandIn driver = new StandIn();
        driver.failing.put("memory gpu5", nvml.NVML_ERROR_NOT_SUPPORTED);
        GpuSnapshot snapshot = NvmlReading.snapshot(driver);

        assertEquals(8, snapshot.devices().size(), "every device the driver counts");
        DeviceMemory unified = snapshot.devices().get(5);
        assertEquals(OptionalLong.empty(), unified.totalBytes());
        assertEquals(OptionalLong.empty(), unified.usedBytes());
        assertEquals(OptionalLong.empty(), unified.freeBytes());
        assertEquals(Optional.of("NVIDIA H100 80GB HBM3"), unified.name(), "the fields it does give");
        assertEquals(OptionalInt.of(37), unified.utilizationPercent());
        assertEquals(OptionalLong.of(80 * GIB), snapshot.devices().get(4).totalBytes());
        assertEquals(Optional.of("580.95.05"), snapshot.driverVersion());
    }

    @Test
    void eachFieldIsAbsentOnItsOwn() {
        StandIn driver = new StandIn();
        driver.count = 3;
        driver.failing.put("utilization gpu0", nvml.NVML_ERROR_NOT_SUPPORTED);
        driver.failing.put("name gpu1", nvml.NVML_ERROR_UNKNOWN);
        driver.failing.put("uuid gpu1", nvml.NVML_ERROR_UNKNOWN);
        driver.failing.put("handle gpu2", nvml.NVML_ERROR_GPU_IS_LOST);
        driver.failing.put("driverVersion ", nvml.NVML_ERROR_UNKNOWN);
        GpuSnapshot snapshot = NvmlReading.snapshot(driver);

        assertEquals(OptionalInt.empty(), snapshot.devices().get(0).utilizationPercent());
        assertEquals(OptionalLong.of(80 * GIB), snapshot.devices().get(0).totalBytes());
        assertEquals(Optional.empty(), snapshot.devices().get(1).name());
        assertEquals(Optional.empty(), snapshot.devices().get(1).uuid());
        assertEquals(OptionalLong.of(2 * GIB), snapshot.devices().get(1).usedBytes());
        DeviceMemory lost = snapshot.devices().get(2);
        assertEquals(DeviceId.gpu(2), lost.id(), "a GPU counted but lost is listed, with nothing known of it");
        assertFalse(lost.memoryKnown());
        assertFalse(snapshot.processesListed(DeviceId.gpu(2)), "and its processes unknown, not none");
        assertEquals(Optional.empty(), snapshot.driverVersion());
    }

    @Test
    void aProcessListThatCannotBeReadLeavesThatDevicesProcessesUnknownAndAWithheldFigureAbsent() {
        StandIn driver = new StandIn();
        driver.count = 2;
        driver.failing.put("computeProcesses gpu1", nvml.NVML_ERROR_NO_PERMISSION);
        driver.processes.put("gpu0", List.of(new NvmlCalls.ProcessRow(52011, 11876 * MIB),
                new NvmlCalls.ProcessRow(60000, nvml.NVML_VALUE_NOT_AVAILABLE)));
        GpuSnapshot snapshot = NvmlReading.snapshot(driver);

        assertEquals(List.of(ProcessUsage.on(DeviceId.gpu(0), 52011, 11876 * MIB), ProcessUsage.on(DeviceId.gpu(0), 60000, OptionalLong.empty())),
                snapshot.processes(), "NVML's unsigned -1 is a withheld figure, not a size");
        assertTrue(snapshot.processesListed(DeviceId.gpu(0)));
        assertFalse(snapshot.processesListed(DeviceId.gpu(1)));
        assertEquals(2, snapshot.devices().size());
    }

    @Test
    void migInstancesAreDevicesOfTheirOwnAndTheirProcessesTheirs() {
        StandIn driver = new StandIn();
        driver.count = 2;
        driver.migSlots.put("gpu0", 2);
        driver.failing.put("utilization gpu0/mig0", nvml.NVML_ERROR_NOT_SUPPORTED);
        driver.failing.put("utilization gpu0/mig1", nvml.NVML_ERROR_NOT_SUPPORTED);
        driver.processes.put("gpu0/mig1", List.of(new NvmlCalls.ProcessRow(3302, 9 * GIB)));
        // the whole GPU lists its instances' processes too: read once, on the instances
        driver.processes.put("gpu0", List.of(new NvmlCalls.ProcessRow(3302, 9 * GIB)));
        GpuSnapshot snapshot = NvmlReading.snapshot(driver);

        assertEquals(List.of(DeviceId.gpu(0), DeviceId.mig(0, 0), DeviceId.mig(0, 1), DeviceId.gpu(1)),
                snapshot.devices().stream().map(DeviceMemory::id).toList());
        DeviceMemory instance = snapshot.devices().get(2);
        assertEquals(Optional.of("MIG-gpu0/mig1"), instance.uuid());
        assertEquals(OptionalInt.empty(), instance.utilizationPercent());
        assertEquals(OptionalLong.of(80 * GIB), instance.totalBytes());
        assertEquals(List.of(ProcessUsage.on(DeviceId.mig(0, 1), 3302, 9 * GIB)), snapshot.processes());
    }

    @Test
    void onlyADriverThatCannotCountItsDevicesFailsTheSnapshot() {
        StandIn driver = new StandIn();
        driver.failing.put("deviceCount ", nvml.NVML_ERROR_DRIVER_NOT_LOADED);
        NvmlException failed = assertThrows(NvmlException.class, () -> NvmlReading.snapshot(driver));
        assertEquals("nvmlDeviceGetCount_v2 failed: Driver Not Loaded (NVML status 9)", failed.getMessage());
    }

    @Test
    void aProcesssGpuWorkIsItsHighestSmSampleOnEachGpuZeroWithoutOneAndAGpuThatDoesNotSampleIsLeftOut() {
        StandIn driver = new StandIn();
        driver.count = 4;
        driver.samples.put("gpu0", List.of(new NvmlCalls.UtilizationRow(4242, 12), new NvmlCalls.UtilizationRow(4242, 37),
                new NvmlCalls.UtilizationRow(52011, 99)));
        driver.samples.put("gpu1", List.of(new NvmlCalls.UtilizationRow(52011, 80))); // someone else's work only
        driver.failing.put("processUtilization gpu2", nvml.NVML_ERROR_NOT_FOUND); // no sample in the window
        driver.failing.put("processUtilization gpu3", nvml.NVML_ERROR_NOT_SUPPORTED);

        assertEquals(Map.of(0, 37, 1, 0, 2, 0), NvmlReading.processSmPercent(driver, 4242, 0));
    }
}
