package dev.gpumagics.command;

import dev.gpumagics.release.MemoryRelease;
import dev.gpumagics.report.VariablesReport;
import dev.gpumagics.vars.Holdings;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;

/** The variables table as a cell shows it, for {@code %gpumem --vars}. */
public final class VariablesDisplay {

    private VariablesDisplay() {}

    public static DisplayData of(MemoryRelease engine) {
        return of(engine.holdings());
    }

    public static DisplayData of(Holdings holdings) {
        DisplayData data = new DisplayData(VariablesReport.text(holdings));
        data.putHTML(VariablesReport.html(holdings));
        return data;
    }
}
