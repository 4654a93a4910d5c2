package dev.gpumagics.layering.stray;

import org.bytedeco.cuda.global.cudart;

/** A class outside internal.cuda that calls the driver: what the glue rule must catch (test sources only). */
public final class StrayCudaCall {

    private StrayCudaCall() {}

    public static int version() {
        int[] version = new int[1];
        cudart.cuDriverGetVersion(version);
        return version[0];
    }
}
