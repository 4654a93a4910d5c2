package dev.gpumagics.command;

import dev.gpumagics.release.GcOutcome;
import dev.gpumagics.release.MemoryRelease;
import dev.gpumagics.report.ReleaseReport;
import java.util.List;
import java.util.function.Supplier;

/** {@code %gpugc}: garbage collection, pending native deallocations, the CUDA cache and cuBLAS workspaces. */
public final class GpuGcMagic implements GpuMagic {

    static final ArgSchema ARGS = ArgSchema.usage("%gpugc");

    private final Supplier<ClassLoader> notebookClasses;

    /** @param notebookClasses where the notebook's torch classes live */
    public GpuGcMagic(Supplier<ClassLoader> notebookClasses) {
        this.notebookClasses = notebookClasses;
    }

    @Override
    public String name() {
        return "gpugc";
    }

    @Override
    public ArgSchema args() {
        return ARGS;
    }

    @Override
    public List<MimeBundle> run(ArgSchema.Parsed parsed, Notebook notebook) {
        GcOutcome outcome = new MemoryRelease(notebook.variables(), notebookClasses).collect();
        return List.of(MimeBundle.text(ReleaseReport.text(outcome)).withHtml(ReleaseReport.html(outcome)));
    }
}
