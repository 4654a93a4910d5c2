package dev.gpumagics.layering.cycle.three;

import dev.gpumagics.layering.cycle.one.CycleStart;

/** Uses the magics module's half of {@code cycle.one}, which this module's half uses back. */
public final class CycleAcross {

    private CycleAcross() {}

    public static int depth() {
        return CycleStart.base();
    }
}
