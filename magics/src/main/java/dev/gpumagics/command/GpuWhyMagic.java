package dev.gpumagics.command;

import dev.gpumagics.GpuMemory;
import dev.gpumagics.oom.Diagnosis;
import dev.gpumagics.oom.LastFailure;
import java.util.List;
import java.util.function.Supplier;

/** {@code %gpuwhy [--json]}: why the last allocation failure happened, or what holds the memory now if none did. */
public final class GpuWhyMagic implements GpuMagic {

    static final ArgSchema ARGS = ArgSchema.usage("%gpuwhy [--json]").flag("json");

    private final LastFailure last;
    private final Supplier<ClassLoader> notebookClasses;

    /** @param notebookClasses where the notebook's torch classes live */
    public GpuWhyMagic(LastFailure last, Supplier<ClassLoader> notebookClasses) {
        this.last = last;
        this.notebookClasses = notebookClasses;
    }

    @Override
    public String name() {
        return "gpuwhy";
    }

    @Override
    public ArgSchema args() {
        return ARGS;
    }

    @Override
    public List<MimeBundle> run(ArgSchema.Parsed parsed, Notebook notebook) {
        Diagnosis diagnosis = GpuMemory.diagnoser(notebook.variables(), notebookClasses).diagnose(last.get());
        return List.of(parsed.has("json") ? DiagnosisDisplay.json(diagnosis) : DiagnosisDisplay.of(diagnosis));
    }
}
