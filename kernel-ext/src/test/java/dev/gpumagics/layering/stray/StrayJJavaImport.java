package dev.gpumagics.layering.stray;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/** A class outside the adapters that uses jjava-jupyter: what the layering rule must catch (test sources only). */
public final class StrayJJavaImport {

    private StrayJJavaImport() {}

    public static DisplayData shown(String text) {
        return new DisplayData(text);
    }
}
