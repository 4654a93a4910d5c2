package dev.gpumagics.cli;

import dev.gpumagics.install.IJavaAddon;
import dev.gpumagics.install.JJavaAddon;
import dev.gpumagics.install.KernelSpec;
import dev.gpumagics.install.KernelSpecDirs;
import java.io.IOException;
import java.io.PrintStream;
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
            InstallOptions options;
            try {
                options = InstallOptions.parse(args, dirs);
            } catch (IllegalArgumentException e) {
                err.println("gpumagics uninstall: " + e.getMessage() + ". Usage: java -jar gpumagics.jar " + usage());
                return 2;
            }
            if (!options.environment().isEmpty()) {
                err.println("gpumagics uninstall: --env is for install. Usage: java -jar gpumagics.jar " + usage());
                return 2;
            }
            if (options.ijavaKernelspec() != null) {
                boolean removed = IJavaAddon.uninstall(options.ijavaKernelspec());
                out.println(removed ? "GpuMagics removed from the IJava kernelspec " + options.ijavaKernelspec()
                        : "GpuMagics was not in the IJava kernelspec " + options.ijavaKernelspec());
                return 0;
            }
            if (options.jjavaKernelspec() != null) {
                boolean removed = JJavaAddon.uninstall(options.jjavaKernelspec());
                out.println(removed ? "GpuMagics removed from the JJava kernelspec " + options.jjavaKernelspec()
                        : "GpuMagics was not in the JJava kernelspec " + options.jjavaKernelspec());
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
