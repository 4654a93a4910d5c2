package dev.gpumagics.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.gpumagics.context.driver.DriverCall;
import dev.gpumagics.probe.value.Probed;
import org.junit.jupiter.api.Test;

/** The real driver classes on a machine without a driver: every answer is a value, never an error, every time. */
class CudaDriverApiTest {

    private final CudaDriverApi api = new CudaDriverApi();

    @Test
    void withoutADriverEveryCallAnswersWithAReasonAndKeepsAnswering() {
        assumeFalse(api.driverVersion().isPresent(), "this machine has an NVIDIA driver; the gpu-tagged tests cover it");
        for (int round = 0; round < 2; round++) { // the second round would meet NoClassDefFoundError if the load were retried
            Probed.Unavailable<?> version = assertInstanceOf(Probed.Unavailable.class, api.driverVersion());
            assertEquals(true, version.reason().endsWith(" is not on the library path"), version.reason());
            if (version.reason().startsWith("libcuda")) {
                // every caller's hint: %gpureset's and %gpumem's too, so it names no driver version
                assertEquals("on a GPU server, install the NVIDIA driver", version.hint());
            }
            assertInstanceOf(Probed.Unavailable.class, api.devicesWithContext());
            assertInstanceOf(Probed.Unavailable.class, api.state(1));
            DriverCall lock = api.lock(1, 10);
            assertFalse(lock.ok());
            assertEquals(version.reason(), lock.name());
            assertFalse(api.unlock(1).ok());
        }
    }
}
