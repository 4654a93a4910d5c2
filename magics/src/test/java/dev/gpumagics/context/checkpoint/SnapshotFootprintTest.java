package dev.gpumagics.context.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.Probed;
import dev.gpumagics.probe.value.ProcessUsage;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SnapshotFootprintTest {

    private static final long MIB = 1L << 20;

    private static final GpuSnapshot TWO_GPUS = new GpuSnapshot("NVML", "580.159.04",
            List.of(DeviceMemory.of(DeviceId.gpu(0), "GPU-a", "H100").withMemory(80_000 * MIB, 5_000 * MIB, 75_000 * MIB),
                    DeviceMemory.of(DeviceId.gpu(1), "GPU-b", "H100").withMemory(80_000 * MIB, 1_000 * MIB, 79_000 * MIB)),
            List.of(ProcessUsage.on(DeviceId.gpu(0), 10, OptionalLong.of(4_000 * MIB)),
                    ProcessUsage.on(DeviceId.gpu(1), 10, OptionalLong.of(500 * MIB)),
                    ProcessUsage.on(DeviceId.gpu(0), 11, OptionalLong.of(1_000 * MIB)),
                    ProcessUsage.on(DeviceId.gpu(1), 12, OptionalLong.empty())));

    private final SnapshotFootprint footprint = new SnapshotFootprint(() -> Probed.present(TWO_GPUS));

    @Test
    void aProcessOnTwoDevicesHoldsTheirSum() {
        assertEquals(Probed.present(4_500 * MIB), footprint.bytesHeldBy(10));
        assertEquals(Probed.present(1_000 * MIB), footprint.bytesHeldBy(11));
    }

    @Test
    void anUnlistedProcessHoldsZeroAndAnUnreportedOneIsUnknown() {
        assertEquals(Probed.present(0L), footprint.bytesHeldBy(99));
        assertInstanceOf(Probed.Unavailable.class, footprint.bytesHeldBy(12));
    }

    @Test
    void perDeviceHeldAndFreeAreReadByNvmlIndex() {
        assertEquals(Probed.present(BytesPerDevice.of(java.util.Map.of(0, 4_000 * MIB, 1, 500 * MIB))), footprint.bytesHeldPerDevice(10));
        assertEquals(Probed.present(BytesPerDevice.of(java.util.Map.of(0, 75_000 * MIB, 1, 79_000 * MIB))), footprint.freeBytesPerDevice());
        assertEquals(Probed.present(BytesPerDevice.of(java.util.Map.of(0, 5_000 * MIB, 1, 1_000 * MIB))), footprint.usedBytesPerDevice());
        assertEquals(Probed.unavailable("NVML does not list process 99", ""), footprint.bytesHeldPerDevice(99));
        assertInstanceOf(Probed.Unavailable.class, footprint.bytesHeldPerDevice(12));
    }

    @Test
    void aRowOnNoListedDeviceCountsInTheTotalButOnNoDevice() {
        GpuSnapshot mig = new GpuSnapshot("nvidia-smi", "580.159.04", TWO_GPUS.devices(),
                List.of(ProcessUsage.on(DeviceId.gpu(0), 10, OptionalLong.of(4_000 * MIB)),
                        new ProcessUsage(Optional.empty(), OptionalLong.of(10), OptionalLong.of(300 * MIB))));
        SnapshotFootprint onMig = new SnapshotFootprint(() -> Probed.present(mig));

        assertEquals(Probed.present(4_300 * MIB), onMig.bytesHeldBy(10));
        assertEquals(Probed.present(BytesPerDevice.of(java.util.Map.of(0, 4_000 * MIB))), onMig.bytesHeldPerDevice(10));
    }

    @Test
    void allDevicesInUseAddUpAndNoGpuIsUnknown() {
        assertEquals(Probed.present(6_000 * MIB), footprint.bytesUsedOnAllDevices());
        SnapshotFootprint none = new SnapshotFootprint(() -> Probed.unavailable("no NVIDIA driver found", ""));
        assertInstanceOf(Probed.Unavailable.class, none.bytesHeldBy(10));
        assertInstanceOf(Probed.Unavailable.class, none.bytesUsedOnAllDevices());
    }
}
