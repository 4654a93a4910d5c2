package dev.gpumagics.layering.cycle.one;

import dev.gpumagics.layering.cycle.two.CycleEnd;

/** Half of a deliberate package cycle (test sources only): this package uses the other, which uses this one. */
public final class CycleStart {

    private CycleStart() {}

    public static int depth() {
        return CycleEnd.depth() + 1;
    }

    public static int base() {
        return 0;
    }
}
