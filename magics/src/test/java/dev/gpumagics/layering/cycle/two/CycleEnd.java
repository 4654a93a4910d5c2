package dev.gpumagics.layering.cycle.two;

import dev.gpumagics.layering.cycle.one.CycleStart;

/** The other half of the deliberate package cycle. */
public final class CycleEnd {

    private CycleEnd() {}

    public static int depth() {
        return CycleStart.base();
    }
}
