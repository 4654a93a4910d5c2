package dev.gpumagics.command;

import com.google.gson.JsonObject;
import dev.gpumagics.GpuMemory;
import dev.gpumagics.look.MemoryReport;
import dev.gpumagics.look.NoSuchDeviceException;
import dev.gpumagics.look.ReportOptions;
import dev.gpumagics.release.MemoryRelease;
import dev.gpumagics.report.HtmlReport;
import dev.gpumagics.report.JsonReport;
import dev.gpumagics.report.TextReport;
import java.util.List;
import java.util.function.Supplier;

/** {@code %gpumem [--device N] [--json] [--no-procs] [--vars]}: where GPU memory is, shown in the cell. */
public final class GpuMemMagic implements GpuMagic {

    static final ArgSchema ARGS = ArgSchema.usage("%gpumem [--device N] [--json] [--no-procs] [--vars]")
            .option("device").flag("json").flag("no-procs").flag("vars");

    private final GpuMemory engine;
    private final Supplier<ClassLoader> notebookClasses;

    /** @param notebookClasses where the notebook's torch classes live, for {@code --vars} */
    public GpuMemMagic(GpuMemory engine, Supplier<ClassLoader> notebookClasses) {
        this.engine = engine;
        this.notebookClasses = notebookClasses;
    }

    @Override
    public String name() {
        return "gpumem";
    }

    @Override
    public ArgSchema args() {
        return ARGS;
    }

    @Override
    public List<MimeBundle> run(ArgSchema.Parsed parsed, Notebook notebook) {
        MemoryReport report;
        try {
            report = engine.report(new ReportOptions(parsed.device("device"), !parsed.has("no-procs")));
        } catch (NoSuchDeviceException e) {
            throw new MagicUsageException("%gpumem: " + e.getMessage());
        }
        MemoryRelease variables = new MemoryRelease(notebook.variables(), notebookClasses);
        if (parsed.has("json")) {
            // one document: a script parses the output once, variables included
            return List.of(json(parsed.has("vars") ? JsonReport.tree(report, variables.holdings()) : JsonReport.tree(report)));
        }
        return parsed.has("vars") ? List.of(rich(report), VariablesDisplay.of(variables)) : List.of(rich(report));
    }

    static MimeBundle rich(MemoryReport report) {
        return MimeBundle.text(TextReport.render(report)).withHtml(HtmlReport.render(report));
    }

    static MimeBundle json(JsonObject tree) {
        return MimeBundle.text(JsonReport.text(tree)).withJson(tree);
    }
}
