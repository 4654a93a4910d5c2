package dev.gpumagics.cli;

import dev.gpumagics.probe.ProcessTable;
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

    private final ProcessTable processes;

    GpuMagicsKernels(ProcessTable processes) {
        this.processes = processes;
    }

    static GpuMagicsKernels system() {
        return new GpuMagicsKernels(ProcessTable.system());
    }

    /** False when it cannot be told (no such process, another user's environment). */
    boolean isKernel(long pid) {
        List<String> args = processes.arguments(pid);
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).endsWith(JAR) && args.get(i + 1).equals("kernel")) {
                return true;
            }
        }
        return processes.environment(pid).stream()
                .anyMatch(variable -> variable.startsWith("IJAVA_CLASSPATH=") && variable.contains(JAR));
    }
}
