package dev.gpumagics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
^ * One kernel through 1,000 hostile cells and 1,000 malformed or replayed messages, interleaved with
 * 1,000 real requests (soak.py), with an IOPub subscriber that never reads attached throughout and a SIGINT now and
 * then: each real request gets its reply and idle, and 1+1 still works.
 */
class SoakIT {

    @Test
    void aThousandHostileCellsAndMessagesLeaveTheKernelAnswering(@TempDir Path work) throws Exception {
        Jupyter jupyter = Jupyter.install(work);
        JsonObject soak = jupyter.python(work, "soak.py", Jupyter.KERNEL, work.toString(), "1000").getAsJsonObject();
        JsonObject real = soak.getAsJsonObject("real");
        assertEquals(1000, real.get("sent").getAsInt());
        assertEquals(1000, real.get("answered").getAsInt(), "real requests without their reply: " + real.get("wrong"));
        JsonObject hostile = soak.getAsJsonObject("hostile");
        assertEquals(1000, hostile.get("answered").getAsInt(), "hostile cells without reply and idle: " + hostile.get("silent"));
        assertEquals("1", soak.get("replayed_ran").getAsString(), "a replayed request ran again");
        assertEquals("2", soak.get("one_plus_one").getAsString());
        String log = soak.get("log_head").getAsString();
        assertFalse(log.contains("SEVERE"), log);
        assertTrue(soak.get("log_lines").getAsInt() < 40, "a flood of garbage does not flood the log: " + soak.get("log_lines") + " lines");
    }
}
