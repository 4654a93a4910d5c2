package dev.gpumagics.install;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Adds the GPU magics to an existing IJava 1.3.0 kernelspec, and takes them out again: the jar goes on
 * IJAVA_CLASSPATH, and a startup script on IJAVA_STARTUP_SCRIPTS_PATH registers the magics, since IJava
 * has no extension mechanism (see {@link KernelspecAddon}).
 */
public final class IJavaAddon {

    /**
     * Runs in IJava's JShell: one statement, so the notebook gains no class, method or variable of ours.
     * IJava loads the jar into its snippet class loader, so the magics find %maven's torch there.
     */
    public static final String STARTUP_SCRIPT = """
            dev.gpumagics.adapter.ijava.IJavaMagics.register(io.github.spencerpark.ijava.IJava.getKernelInstance());
            """;

    private static final KernelspecAddon ADDON = new KernelspecAddon(new KernelspecAddon.Host("IJava", "ijava", "IJAVA_CLASSPATH",
            Optional.of(new KernelspecAddon.StartupScript("IJAVA_STARTUP_SCRIPTS_PATH", STARTUP_SCRIPT))));

    private IJavaAddon() {}

    public static void install(Path kernelspec, Path jar) throws IOException {
        ADDON.install(kernelspec, jar);
    }

    /** @return false when GpuMagics was not added to this kernelspec */
    public static boolean uninstall(Path kernelspec) throws IOException {
        return ADDON.uninstall(kernelspec);
    }
}
