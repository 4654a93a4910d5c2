package dev.gpumagics.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code mem [--device N] [--json] [--no-procs]}: the {@code %gpumem} report, from a shell. */
final class MemCommand implements Subcommand {

    @Override
    public String usage() {
        return "mem [--device N] [--json] [--no-procs]   the GPU memory report";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        err.println("gpumagics mem: not built yet");
        return 1;
    }
}
