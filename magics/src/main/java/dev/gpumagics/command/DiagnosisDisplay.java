package dev.gpumagics.command;

import dev.gpumagics.oom.Diagnosis;
import dev.gpumagics.report.DiagnosisHtml;
import dev.gpumagics.report.DiagnosisJson;
import dev.gpumagics.report.DiagnosisText;

/** A diagnosis as a cell shows it: after a failed cell, and for {@code %gpuwhy}. */
public final class DiagnosisDisplay {

    private DiagnosisDisplay() {}

    public static MimeBundle of(Diagnosis diagnosis) {
        return MimeBundle.text(DiagnosisText.render(diagnosis)).withHtml(DiagnosisHtml.render(diagnosis));
    }

    public static MimeBundle json(Diagnosis diagnosis) {
        return GpuMemMagic.json(DiagnosisJson.tree(diagnosis));
    }
}
