package dev.gpumagics.install;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Adds the GPU magics to an existing JJava kernelspec, and takes them out again: only the jar goes on
 * JJAVA_CLASSPATH, since JJava finds the magics there itself, as an extension (see {@link KernelspecAddon}).
 */
public final class JJavaAddon {

    private static final KernelspecAddon ADDON = new KernelspecAddon(
            new KernelspecAddon.Host("JJava", "jjava", "JJAVA_CLASSPATH", Optional.empty()));

    private JJavaAddon() {}

    public static void install(Path kernelspec, Path jar) throws IOException {
        ADDON.install(kernelspec, jar);
    }

    /** @return false when GpuMagics was not added to this kernelspec */
    public static boolean uninstall(Path kernelspec) throws IOException {
        return ADDON.uninstall(kernelspec);
    }
}
