package dev.gpumagics.cli;

import dev.gpumagics.GpuMemory;
import dev.gpumagics.command.ArgSchema;
import dev.gpumagics.command.MagicUsageException;
import dev.gpumagics.look.MemoryReport;
import dev.gpumagics.look.NoSuchDeviceException;
import dev.gpumagics.look.ReportOptions;
import dev.gpumagics.report.JsonReport;
import dev.gpumagics.report.TextReport;
import java.io.PrintStream;
import java.util.List;

/** {@code mem [--device N] [--json] [--no-procs]}: the {@code %gpumem} report, from a shell. */
final class MemCommand implements Subcommand {

    private static final ArgSchema ARGS = ArgSchema.usage("java -jar gpumagics.jar mem [--device N] [--json] [--no-procs]")
            .option("device").flag("json").flag("no-procs");

    @Override
    public String usage() {
        return "mem [--device N] [--json] [--no-procs]   where GPU memory is (the %gpumem report)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            ArgSchema.Parsed parsed = ARGS.parse(args);
            MemoryReport report = GpuMemory.forThisProcess()
                    .report(new ReportOptions(parsed.device("device"), !parsed.has("no-procs")));
            out.print(parsed.has("json") ? JsonReport.render(report) + "\n" : TextReport.render(report));
            return 0;
        } catch (MagicUsageException | NoSuchDeviceException e) {
            err.println("gpumagics mem: " + e.getMessage());
            return 2;
        }
    }
}
