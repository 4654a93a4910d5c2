package dev.gpumagics.cli;

import dev.gpumagics.command.ArgSchema;
import dev.gpumagics.command.MagicUsageException;
import dev.gpumagics.install.KernelSpec;
import dev.gpumagics.kernel.KernelLauncher;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code kernel CONNECTION_FILE}: what the kernelspec runs; Jupyter passes the connection file. */
final class KernelCommand implements Subcommand {

    private static final ArgSchema ARGS = ArgSchema.usage("java -jar gpumagics.jar kernel CONNECTION_FILE | --train")
            .flag("train").positionals();

    @Override
    public String usage() {
        return "kernel CONNECTION_FILE | --train      run the Jupyter kernel (the kernelspec does this)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            ArgSchema.Parsed parsed = ARGS.parse(args);
            List<String> words = parsed.words();
            if (parsed.has("train")) {
                if (!words.isEmpty()) {
                    throw ARGS.fail("--train takes no connection file (not " + words.get(0) + ")");
                }
                return KernelLauncher.train(err);
            }
            if (words.size() != 1) {
                throw ARGS.fail(words.isEmpty() ? "which connection file?" : "one connection file, not " + words.size());
            }
            return run(Path.of(words.get(0)), err);
        } catch (MagicUsageException e) {
            err.println("gpumagics kernel: " + e.getMessage());
            return 2;
        }
    }

    private static int run(Path connectionFile, PrintStream err) {
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
