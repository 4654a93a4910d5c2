package dev.gpumagics.courtesy;

import dev.gpumagics.context.ContextStatus;
import dev.gpumagics.context.GpuContext;
import dev.gpumagics.neighbours.NotebookSharing;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a kernel's record says about the kernel itself, from what Jupyter gave it: its connection file and its environment. */
final class ThisKernel {

    private ThisKernel() {}

    /**
     * Jupyter Server names a kernel's connection file {@code kernel-ID.json}; a bare jupyter_client, {@code tmpXXXX.json}: the
     * id, or the file's name without {@code .json} where it is named otherwise.
     */
    static Optional<String> kernelId(Path connectionFile) {
        Path name = connectionFile.getFileName();
        if (name == null) {
            return Optional.empty();
        }
        String file = name.toString();
        String id = file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
        id = id.startsWith("kernel-") ? id.substring(7) : id;
        return id.isEmpty() ? Optional.empty() : Optional.of(id);
    }

    /** In a kernel started by another (IJava, JJava): the last argument of its command line that names a JSON file. */
    static Optional<String> kernelIdFromCommandLine(List<String> arguments) {
        for (int i = arguments.size() - 1; i >= 0; i--) {
            if (arguments.get(i).endsWith(".json")) {
                return kernelId(Path.of(arguments.get(i)));
            }
        }
        return Optional.empty();
    }

    static Optional<String> kernelIdFromCommandLine() {
        return kernelIdFromCommandLine(ProcessHandle.current().info().arguments().map(List::of).orElse(List.of()));
    }

    /** The notebook as its owner lets others see it. */
    static Optional<String> notebook(Map<String, String> env) {
        return NotebookSharing.fromEnvironment(env).sharing().shown(Optional.ofNullable(env.get(NotebookSharing.SESSION_VARIABLE)));
    }

    /** Where this process's GPU state is now (parked, and what it parked), read without calling the driver; empty without a context. */
    static Optional<ContextStatus> context() {
        return GpuContext.ifCreated().map(GpuContext::status);
    }
}
