package dev.gpumagics.layering.stray;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;

/** A class outside the adapters that uses basekernel: what the layering rule must catch (test sources only). */
public final class StrayBasekernelImport {

    private StrayBasekernelImport() {}

    public static DisplayData shown(String text) {
        return new DisplayData(text);
    }
}
