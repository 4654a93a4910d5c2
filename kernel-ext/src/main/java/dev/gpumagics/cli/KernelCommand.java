package dev.gpumagics.cli;

import dev.gpumagics.kernel.KernelLauncher;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code kernel CONNECTION_FILE}: what the kernelspec runs; Jupyter passes the connection file. */
final class KernelCommand implements Subcommand {

    @Override
    public String usage() {
        return "kernel CONNECTION_FILE | --train      run the Jupyter kernel (the kernelspec does this)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 1) {
            err.println("usage: java -jar gpumagics.jar kernel CONNECTION_FILE");
            return 2;
        }
        if (args.get(0).equals("--train")) {
            return KernelLauncher.train(err);
        }
        return KernelLauncher.run(Path.of(args.get(0)), err);
    }
}
