package dev.gpumagics.cli;

import dev.gpumagics.install.KernelSpec;
import dev.gpumagics.kernel.KernelLauncher;
import java.io.PrintStream;
import java.nio.file.Files;
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
        Path connectionFile = Path.of(args.get(0));
        if (!Files.exists(connectionFile)) {
            // someone ran the kernelspec's command by hand, or with a stale path
            err.println("gpumagics kernel: the connection file " + connectionFile + " does not exist; Jupyter writes it and passes"
                    + " its path when it starts a kernel, so start this one from Jupyter (e.g. jupyter console --kernel "
                    + KernelSpec.DEFAULT_NAME + ")");
            return 2;
        }
        return KernelLauncher.run(connectionFile, err);
    }
}
