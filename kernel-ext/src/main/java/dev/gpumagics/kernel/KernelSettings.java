package dev.gpumagics.kernel;

import dev.gpumagics.jupyter.server.OutputLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The kernel's settings, all from the environment the kernelspec sets: one place to look. */
final class KernelSettings {

    /** Extra javac options for snippets, space-separated (as IJava's IJAVA_COMPILER_OPTS). */
    static final String COMPILER_OPTS = "GPUMAGICS_COMPILER_OPTS";
    /** Files (or globs) of Java/magics run at start, separated by the path separator. */
    static final String STARTUP_SCRIPTS_PATH = "GPUMAGICS_STARTUP_SCRIPTS_PATH";
    /** One inline startup script. */
    static final String STARTUP_SCRIPT = "GPUMAGICS_STARTUP_SCRIPT";
    /** What one cell may print, in MiB; past it one note says how much was left out. */
    static final String CELL_OUTPUT_MB = "GPUMAGICS_CELL_OUTPUT_MB";

    private KernelSettings() {}

    static OutputLimits outputLimits() {
        return outputLimits(System.getenv());
    }

    /** The defaults, with the cell's cap from {@link #CELL_OUTPUT_MB} where that is a whole number of MiB. */
    static OutputLimits outputLimits(Map<String, String> env) {
        OutputLimits limits = OutputLimits.DEFAULT;
        String megabytes = env.getOrDefault(CELL_OUTPUT_MB, "").strip();
        if (megabytes.matches("\\d{1,7}")) {
            return new OutputLimits(limits.batchBytes(), limits.flushInterval(), Long.parseLong(megabytes) * 1024 * 1024);
        }
        return limits;
    }

    static List<String> compilerOptions() {
        return compilerOptions(System.getenv());
    }

    static List<String> compilerOptions(Map<String, String> env) {
        String options = env.getOrDefault(COMPILER_OPTS, "");
        return new ArrayList<>(Arrays.stream(options.strip().split("\\s+")).filter(s -> !s.isEmpty()).toList());
    }
}
