package dev.gpumagics.command;

import dev.gpumagics.oom.Diagnosis;
import dev.gpumagics.report.DiagnosisHtml;
import dev.gpumagics.report.DiagnosisJson;
import dev.gpumagics.report.DiagnosisText;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;

/** A diagnosis as a cell shows it: after a failed cell, and for {@code %gpuwhy}. */
public final class DiagnosisDisplay {

    private DiagnosisDisplay() {}

    public static DisplayData of(Diagnosis diagnosis) {
        DisplayData data = new DisplayData(DiagnosisText.render(diagnosis));
        data.putHTML(DiagnosisHtml.render(diagnosis));
        return data;
    }

    public static DisplayData json(Diagnosis diagnosis) {
        return GpuMemMagic.json(DiagnosisJson.tree(diagnosis));
    }
}
