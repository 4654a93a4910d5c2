package dev.gpumagics.command;

import dev.gpumagics.release.MemoryRelease;
import dev.gpumagics.report.VariablesReport;
import dev.gpumagics.vars.Holdings;

/** The variables table as a cell shows it, for {@code %gpumem --vars}. */
public final class VariablesDisplay {

    private VariablesDisplay() {}

    public static MimeBundle of(MemoryRelease engine) {
        return of(engine.holdings());
    }

    public static MimeBundle of(Holdings holdings) {
        return MimeBundle.text(VariablesReport.text(holdings)).withHtml(VariablesReport.html(holdings));
    }
}
