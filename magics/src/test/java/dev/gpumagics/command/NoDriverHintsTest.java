package dev.gpumagics.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.gpumagics.context.GpuContext;
import dev.gpumagics.context.checkpoint.DeviceFootprint;
import dev.gpumagics.context.checkpoint.HelperProcess;
import dev.gpumagics.internal.cuda.CudaDriverApi;
import dev.gpumagics.internal.cuda.DriverLibraries;
import dev.gpumagics.probe.value.Probed;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On this machine, without an NVIDIA driver: the context magics over the real driver binding and the
 * real helper JVM each give their own hint. Only suspending needs driver 570, so only its hint says so.
 */
class NoDriverHintsTest {

    /** Never reached without a driver: both magics refuse before they would measure anything. */
    private final DeviceFootprint unmeasured = new DeviceFootprint() {
        @Override
        public Probed<Long> bytesHeldBy(long pid) {
            return Probed.unavailable("not measured in this test", "");
        }

        @Override
        public Probed<Long> bytesUsedOnAllDevices() {
            return Probed.unavailable("not measured in this test", "");
        }
    };

    private final GpuContext context = GpuContext.of(ProcessHandle.current().pid(), HelperProcess.forThisJvm(),
            new CudaDriverApi(), unmeasured, () -> false, () -> false, waiting -> { });

    /** Without a driver neither can do what was asked: each fails, in one line, so the cell is an error. */
    private static String answer(GpuMagic magic) {
        return assertThrows(MagicUsageException.class, () -> magic.call(List.of(), RecordingNotebook.withoutVariables())).getMessage();
    }

    @Test
    void resetSaysInstallTheDriverWithoutSuspendsVersion() {
        assumeFalse(DriverLibraries.system().has(DriverLibraries.Library.DRIVER), "this machine has an NVIDIA driver");

        String reset = answer(new GpuResetMagic(context));

        assertEquals("%gpureset: no usable NVIDIA driver: libcuda.so.1 is not on the library path"
                + " (on a GPU server, install the NVIDIA driver)", reset);
        assertFalse(reset.contains("suspend"), reset);
    }

    @Test
    void suspendAddsTheDriverVersionItNeeds() {
        assumeFalse(DriverLibraries.system().has(DriverLibraries.Library.DRIVER), "this machine has an NVIDIA driver");

        String suspend = answer(new GpuSuspendMagic(context));

        assertTrue(suspend.startsWith("%gpususpend: no usable NVIDIA driver: "), suspend);
        assertTrue(suspend.endsWith("(on a GPU server, install the NVIDIA driver, 570 or later to suspend)"), suspend);
    }
}
