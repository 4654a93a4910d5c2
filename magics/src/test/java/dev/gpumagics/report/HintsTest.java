package dev.gpumagics.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gpumagics.look.Hint;
import org.junit.jupiter.api.Test;

/** Each hint's sentence, with its figure in human units. */
class HintsTest {

    private static final long MIB = 1L << 20;

    @Test
    void eachHintIsOneSentenceWithItsFigure() {
        assertEquals("libtorch's allocator caches 1.96 GiB that no tensor uses: %gpufree --cache gives it back to other processes.",
                Hints.text(new Hint.CacheToGiveBack(2002 * MIB)));
        assertEquals("684 MiB is the CUDA context and libraries' workspaces: no cache release frees it; %gpususpend parks it in host memory.",
                Hints.text(new Hint.ContextToPark(684 * MIB)));
        assertEquals("%gpususpend parks all 1.20 GiB this kernel holds in host memory, its CUDA context included.",
                Hints.text(new Hint.ParkAll(1230 * MIB)));
        assertEquals("This kernel holds a CUDA context but has no row in the driver's process list: in a container, the driver lists"
                + " the host's pids.", Hints.text(new Hint.NoProcessRow()));
    }
}
