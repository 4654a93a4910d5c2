package dev.gpumagics.cli;

import java.io.PrintStream;
import java.util.List;

/** One verb of {@code java -jar gpumagics.jar VERB ...}. */
public interface Subcommand {

    /** One line for the usage text. */
    String usage();

    /** Runs the verb; returns the process exit status. Errors are one line on {@code err}, never a stack trace. */
    int run(List<String> args, PrintStream out, PrintStream err);
}
