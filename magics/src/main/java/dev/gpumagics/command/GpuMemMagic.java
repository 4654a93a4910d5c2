package dev.gpumagics.command;

import com.google.gson.JsonObject;
import dev.gpumagics.GpuMemory;
import dev.gpumagics.release.MemoryRelease;
import dev.gpumagics.report.HtmlReport;
import dev.gpumagics.report.JsonReport;
import dev.gpumagics.report.MemoryReport;
import dev.gpumagics.report.NoSuchDeviceException;
import dev.gpumagics.report.ReportOptions;
import dev.gpumagics.report.TextReport;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.registry.LineMagicFunction;
import java.util.List;
import java.util.function.Consumer;

/** {@code %gpumem [--device N] [--json] [--no-procs] [--vars]}: where GPU memory is, shown in the cell. */
public final class GpuMemMagic implements LineMagicFunction<Void> {

    static final ArgSchema ARGS = ArgSchema.usage("%gpumem [--device N] [--json] [--no-procs] [--vars]")
            .option("device").flag("json").flag("no-procs").flag("vars");

    private final GpuMemory engine;
    private final MemoryRelease variables;
    private final Consumer<DisplayData> display;

    /** @param variables what notebook variables hold, for {@code --vars} */
    public GpuMemMagic(GpuMemory engine, MemoryRelease variables, Consumer<DisplayData> display) {
        this.engine = engine;
        this.variables = variables;
        this.display = display;
    }

    @Override
    public Void execute(List<String> args) {
        ArgSchema.Parsed parsed = ARGS.parse(args);
        MemoryReport report;
        try {
            report = engine.report(new ReportOptions(parsed.index("device"), !parsed.has("no-procs")));
        } catch (NoSuchDeviceException e) {
            throw new MagicUsageException("%gpumem: " + e.getMessage());
        }
        if (parsed.has("json")) {
            // one document: a script parses the output once, variables included
            display.accept(parsed.has("vars") ? json(JsonReport.tree(report, variables.holdings())) : json(JsonReport.tree(report)));
        } else {
            display.accept(rich(report));
            if (parsed.has("vars")) {
                display.accept(VariablesDisplay.of(variables));
            }
        }
        return null;
    }

    static DisplayData rich(MemoryReport report) {
        DisplayData data = new DisplayData(TextReport.render(report));
        data.putHTML(HtmlReport.render(report));
        return data;
    }

    static DisplayData json(JsonObject tree) {
        DisplayData data = new DisplayData(JsonReport.text(tree));
        data.putData("application/json", tree);
        return data;
    }
}
