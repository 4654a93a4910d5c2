package dev.gpumagics.cli;

import dev.gpumagics.command.ArgSchema;
import dev.gpumagics.command.MagicUsageException;
import dev.gpumagics.install.IJavaAddon;
import dev.gpumagics.install.JJavaAddon;
import dev.gpumagics.install.KernelSpec;
import dev.gpumagics.install.KernelSpecDirs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code uninstall [--user|--sys-prefix|--prefix P] [--name N] [--ijava-kernelspec DIR|--jjava-kernelspec DIR]}. */
final class UninstallCommand implements Subcommand {

    private final KernelSpecDirs dirs;

    UninstallCommand(KernelSpecDirs dirs) {
        this.dirs = dirs;
    }

    @Override
    public String usage() {
        return "uninstall [--user|--sys-prefix|--prefix P] [--name N] [--ijava-kernelspec DIR|--jjava-kernelspec DIR]";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            ArgSchema schema = InstallOptions.schema("java -jar gpumagics.jar " + usage());
            InstallOptions options;
            try {
                options = InstallOptions.parse(args, dirs, schema);
                if (!options.environment().isEmpty()) {
                    throw schema.fail("--env is for install");
                }
            } catch (MagicUsageException e) {
                err.println("gpumagics uninstall: " + e.getMessage());
                return 2;
            }
            if (options.ijavaKernelspec().isPresent()) {
                Path kernelspec = options.ijavaKernelspec().get();
                boolean removed = IJavaAddon.uninstall(kernelspec);
                out.println(removed ? "GpuMagics removed from the IJava kernelspec " + kernelspec
                        : "GpuMagics was not in the IJava kernelspec " + kernelspec);
                return 0;
            }
            if (options.jjavaKernelspec().isPresent()) {
                Path kernelspec = options.jjavaKernelspec().get();
                boolean removed = JJavaAddon.uninstall(kernelspec);
                out.println(removed ? "GpuMagics removed from the JJava kernelspec " + kernelspec
                        : "GpuMagics was not in the JJava kernelspec " + kernelspec);
                return 0;
            }
            boolean removed = KernelSpec.uninstall(options.kernelsDir(), options.name());
            out.println(removed ? "removed kernelspec '" + options.name() + "' from " + options.kernelsDir()
                    : "no kernelspec '" + options.name() + "' in " + options.kernelsDir());
            return 0;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("gpumagics uninstall: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("gpumagics uninstall: " + e);
            return 1;
        }
    }
}
