package dev.gpumagics.cli;

import dev.gpumagics.command.MagicUsageException;
import dev.gpumagics.install.IJavaAddon;
import dev.gpumagics.install.JJavaAddon;
import dev.gpumagics.install.KernelSpec;
import dev.gpumagics.install.KernelSpecDirs;
import dev.gpumagics.install.LibtorchPom;
import dev.gpumagics.install.StartupArchive;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code install [--user|--sys-prefix|--prefix P] [--name N] [--display-name D] [--env KEY=VALUE]... [--ijava-kernelspec DIR|--jjava-kernelspec DIR]}. */
final class InstallCommand implements Subcommand {

    private final KernelSpecDirs dirs;

    InstallCommand(KernelSpecDirs dirs) {
        this.dirs = dirs;
    }

    @Override
    public String usage() {
        return "install [--user|--sys-prefix|--prefix P] [--name N] [--display-name D] [--env KEY=VALUE]... [--ijava-kernelspec DIR|--jjava-kernelspec DIR]";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            InstallOptions options;
            try {
                options = InstallOptions.parse(args, dirs, InstallOptions.schema("java -jar gpumagics.jar " + usage()));
            } catch (MagicUsageException e) {
                err.println("gpumagics install: " + e.getMessage());
                return 2;
            }
            if (options.addonKernelspec().isPresent() && !options.environment().isEmpty()) {
                err.println("gpumagics install: --env sets the environment of GpuMagics' own kernelspec; for another kernel's,"
                        + " add it to the \"env\" of " + options.addonKernelspec().get().resolve("kernel.json"));
                return 2;
            }
            Path jar = thisJar();
            if (options.ijavaKernelspec().isPresent()) {
                Path kernelspec = options.ijavaKernelspec().get();
                IJavaAddon.install(kernelspec, jar);
                out.println("GpuMagics added to the IJava kernelspec " + kernelspec);
                out.println(libtorchLine(kernelspec));
                return 0;
            }
            if (options.jjavaKernelspec().isPresent()) {
                Path kernelspec = options.jjavaKernelspec().get();
                JJavaAddon.install(kernelspec, jar);
                out.println("GpuMagics added to the JJava kernelspec " + kernelspec);
                out.println(libtorchLine(kernelspec));
                return 0;
            }
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            KernelSpec.Installed installed = KernelSpec.install(options.kernelsDir(), options.name(), options.displayName(),
                    jar, java, StartupArchive.inChildJvm(), options.environment());
            out.println("installed kernelspec '" + options.name() + "' (" + options.displayName() + ") in " + installed.dir());
            installed.noArchive().ifPresent(why -> err.println("gpumagics install: no start-up archive (" + why
                    + "); the kernel starts without it, a little slower"));
            return 0;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("gpumagics install: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("gpumagics install: " + e);
            return 1;
        }
    }

    /** How a notebook in that kernel brings libtorch, with the pom install put there. */
    static String libtorchLine(Path kernelspec) {
        return "libtorch in a notebook: %maven org.bytedeco:pytorch:" + LibtorchPom.CPU.pytorchVersion() + " then %loadFromPOM "
                + kernelspec.toAbsolutePath().resolve(LibtorchPom.CPU.name()) + " (" + LibtorchPom.GPU.name() + " on an NVIDIA GPU)";
    }

    /** The jar this code runs from; install copies it into the kernelspec. */
    static Path thisJar() {
        try {
            Path location = Path.of(InstallCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(location) || !location.toString().endsWith(".jar")) {
                throw new IllegalStateException("run install from the kernel jar: java -jar gpumagics.jar install");
            }
            return location;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where gpumagics.jar is: " + e.getMessage());
        }
    }
}
