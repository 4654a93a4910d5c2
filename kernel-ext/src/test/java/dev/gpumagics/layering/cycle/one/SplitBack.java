package dev.gpumagics.layering.cycle.one;

import dev.gpumagics.layering.cycle.three.CycleAcross;

/**
 * A class of this module in a package the magics module's tests also define (test sources only): through it,
 * {@code cycle.three} (here) and {@code cycle.one} (there) use each other.
 */
public final class SplitBack {

    private SplitBack() {}

    public static int depth() {
        return CycleAcross.depth() + 1;
    }
}
