package dev.gpumagics.jupyter.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {

    private static byte[] signature(int n) {
        return String.format("%064x", n).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void remembersUpToItsCapacityAndForgetsTheOldestFirst() {
        ReplayGuard guard = new ReplayGuard(3);
        for (int i = 0; i < 3; i++) {
            assertTrue(guard.firstTime(signature(i)));
        }
        assertFalse(guard.firstTime(signature(1)));
        assertTrue(guard.firstTime(signature(3)), "a fourth pushes the oldest out");
        assertEquals(3, guard.size());
        assertTrue(guard.firstTime(signature(0)), "the oldest was forgotten");
        assertFalse(guard.firstTime(signature(3)));
    }

    @Test
    void memoryStaysBoundedUnderAFlood() {
        ReplayGuard guard = new ReplayGuard(ReplayGuard.DEFAULT_CAPACITY);
        for (int i = 0; i < 3 * ReplayGuard.DEFAULT_CAPACITY; i++) {
            guard.firstTime(signature(i));
        }
        assertEquals(ReplayGuard.DEFAULT_CAPACITY, guard.size());
    }
}
