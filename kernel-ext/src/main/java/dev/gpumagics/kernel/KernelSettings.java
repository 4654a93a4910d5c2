package dev.gpumagics.kernel;

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

    private KernelSettings() {}

    static List<String> compilerOptions() {
        return compilerOptions(System.getenv());
    }

    static List<String> compilerOptions(Map<String, String> env) {
        String options = env.getOrDefault(COMPILER_OPTS, "");
        return new ArrayList<>(Arrays.stream(options.strip().split("\\s+")).filter(s -> !s.isEmpty()).toList());
    }
}
