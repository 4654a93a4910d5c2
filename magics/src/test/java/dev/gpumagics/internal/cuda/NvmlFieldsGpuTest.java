package dev.gpumagics.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.gpu.GpuTest;
import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.probe.value.GpuSnapshot;
import java.util.Optional;
import org.bytedeco.cuda.nvml.nvmlDevice_st;
import org.junit.jupiter.api.Test;

/**
 * The real NVML, where a GPU is lent: each field of the snapshot is there exactly where its own call answers
 * NVML_SUCCESS, on every device the driver counts and every MIG instance, so a device that answers
 * NVML_ERROR_NOT_SUPPORTED for one field (a unified-memory GB10's memory, a MIG instance's utilization) keeps the rest.
 */
@GpuTest
class NvmlFieldsGpuTest {

    @Test
    void eachFieldIsPresentExactlyWhereItsCallSucceeds() {
        GpuSnapshot snapshot = NvmlGateway.snapshot(DriverLibraries.system()).asOptional().orElseThrow();
        Nvml nvml = new Nvml();
        int count = nvml.deviceCount().value().orElseThrow();
        assertEquals(count, snapshot.devices().stream().filter(d -> !d.id().isMig()).count(), "every device the driver counts");
        for (int index = 0; index < count; index++) {
            nvmlDevice_st handle = nvml.handle(index).value().orElseThrow();
            check(nvml, handle, device(snapshot, DeviceId.gpu(index)));
            int slots = nvml.migEnabled(handle).value().orElse(false) ? nvml.maxMigDevices(handle).value().orElse(0) : 0;
            for (int slot = 0; slot < slots; slot++) {
                Optional<nvmlDevice_st> instance = nvml.migHandle(handle, slot).value();
                if (instance.isPresent()) {
                    check(nvml, instance.get(), device(snapshot, DeviceId.mig(index, slot)));
                }
            }
        }
    }

    @Test
    void aWholeDiscreteGpuGivesEveryField() {
        GpuSnapshot snapshot = NvmlGateway.snapshot(DriverLibraries.system()).asOptional().orElseThrow();
        DeviceMemory first = snapshot.devices().get(0);
        if (!first.name().orElse("").contains("GB10") && snapshot.devices().stream().noneMatch(d -> d.id().isMig())) {
            assertTrue(first.memoryKnown() && first.usedBytes().isPresent() && first.freeBytes().isPresent(), first.toString());
            assertTrue(first.utilizationPercent().isPresent() && first.uuid().isPresent() && first.name().isPresent(), first.toString());
            assertEquals(first.totalBytes().getAsLong(), first.usedBytes().getAsLong() + first.freeBytes().getAsLong(),
                    0.02 * first.totalBytes().getAsLong(), "used and free make the total, within the driver's reserve");
        }
    }

    private static DeviceMemory device(GpuSnapshot snapshot, DeviceId id) {
        return snapshot.devices().stream().filter(d -> d.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("GPU " + id + " is not in the snapshot: " + snapshot.devices()));
    }

    private static void check(Nvml nvml, nvmlDevice_st handle, DeviceMemory device) {
        String where = "GPU " + device.id() + ": " + device;
        assertEquals(nvml.memory(handle).value().isPresent(), device.memoryKnown(), where);
        assertEquals(nvml.utilization(handle).value().isPresent(), device.utilizationPercent().isPresent(), where);
        assertEquals(nvml.uuid(handle).value(), device.uuid(), where);
        assertEquals(nvml.name(handle).value(), device.name(), where);
    }
}
