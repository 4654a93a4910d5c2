package dev.gpumagics.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Whether a process is a Jupyter kernel that carries GpuMagics: this project's kernel
 * ({@code java ... -jar .../gpumagics.jar kernel CONNECTION_FILE}) or an IJava kernel with the add-on
 * ({@code IJAVA_CLASSPATH} naming {@code gpumagics.jar}). Such a kernel must be parked by its own
 * {@code %gpususpend}: parked from outside, it does not know, and a cell that touches the GPU would wait
 * in the driver for good instead of resuming it.
 */
final class GpuMagicsKernels {

    private static final String JAR = "gpumagics.jar";

    private final Path proc;

    GpuMagicsKernels(Path proc) {
        this.proc = proc;
    }

    static GpuMagicsKernels system() {
        return new GpuMagicsKernels(Path.of("/proc"));
    }

    /** False when it cannot be told (no such process, another user's environment). */
    boolean isKernel(long pid) {
        List<String> args = nulSeparated(proc.resolve(pid + "/cmdline"));
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).endsWith(JAR) && args.get(i + 1).equals("kernel")) {
                return true;
            }
        }
        return nulSeparated(proc.resolve(pid + "/environ")).stream()
                .anyMatch(variable -> variable.startsWith("IJAVA_CLASSPATH=") && variable.contains(JAR));
    }

    private static List<String> nulSeparated(Path file) {
        try {
            return Arrays.asList(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\0"));
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }
}
