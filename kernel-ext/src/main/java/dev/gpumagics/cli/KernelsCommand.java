package dev.gpumagics.cli;

import dev.gpumagics.command.ArgSchema;
import dev.gpumagics.command.MagicUsageException;
import dev.gpumagics.neighbours.RecordShelf;
import dev.gpumagics.neighbours.ShelfListing;
import dev.gpumagics.probe.ProcessTable;
import dev.gpumagics.report.KernelsTable;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** {@code kernels [--json]}: every GpuMagics kernel on this host, one row each, from the records they publish. */
final class KernelsCommand implements Subcommand {

    private static final ArgSchema ARGS = ArgSchema.usage("java -jar gpumagics.jar kernels [--json]").flag("json");

    private final Supplier<RecordShelf> shelf;

    /** @param shelf where the records are: {@link RecordShelf#system()}, as the environment says */
    KernelsCommand(Supplier<RecordShelf> shelf) {
        this.shelf = shelf;
    }

    @Override
    public String usage() {
        return "kernels [--json]   every GpuMagics kernel on this host: whose notebook, busy, idle or parked, what it holds";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        ArgSchema.Parsed parsed;
        try {
            parsed = ARGS.parse(args);
        } catch (MagicUsageException e) {
            err.println("gpumagics kernels: " + e.getMessage());
            return 2;
        }
        RecordShelf records = shelf.get();
        ShelfListing listing = records.reader(ProcessTable.system()).list();
        Instant now = Instant.now();
        out.print(parsed.has("json") ? KernelsTable.json(listing, records.parent(), now) + "\n" : KernelsTable.text(listing, records.parent(), now));
        return 0;
    }
}
