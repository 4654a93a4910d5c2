package dev.gpumagics.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * On a real GPU: NVML's per-process utilization sees a process computing and then not, and the idle policy's suspend
 * step parks a process holding 1 GiB through the driver's checkpoint API, the next cell resuming it with every byte
 * back. The child is {@link IdleParkMain}, so a hang costs this test only.
 */
@GpuTest
class IdleGpuTest {

    @Test
    void gpuWorkIsSeenThenAnIdleProcessIsParkedByThePolicyAndTheNextCellResumesItIntact() throws Exception {
        Process child = new ProcessBuilder(ChildJvm.command(IdleParkMain.class, List.of("-Dorg.bytedeco.javacpp.maxBytes=0")))
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(180, TimeUnit.SECONDS), out);
        System.out.println(out);
        assertEquals(0, child.exitValue(), out);
        String work = line(out, "WORK ");
        assertTrue(work.matches("WORK Present\\[value=\\{0=[1-9]\\d*.*"), "SM utilization above 0 while cudaMemset ran: " + work);
        assertTrue(line(out, "QUIET ").matches("QUIET Present\\[value=\\{0=0.*"), "0 once it stopped: " + out);
        assertTrue(line(out, "STATUS ").startsWith("STATUS Suspended["), "parked by the policy: " + out);
        String told = line(out, "TOLD ");
        assertTrue(told.contains(", parked ") && told.contains("; resumed in "), told);
        assertTrue(told.contains("intact=true status=Running[]"), told);
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError("no " + prefix + "in:\n" + out));
    }
}
