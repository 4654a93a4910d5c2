package dev.gpumagics.probe;

import dev.gpumagics.internal.CommandRunner;
import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.Probed;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Devices and compute processes from {@code nvidia-smi}: the fallback where the NVML binding cannot
 * load (no CUDA 13 runtime, say). Slower than NVML, since each look starts processes: the two CSV queries, the
 * listing ({@code -L}) that names MIG instances, and, only where it names some, the XML log that has their memory.
 */
public final class NvidiaSmiProbe implements GpuProbe {

    static final Duration LIMIT = Duration.ofSeconds(10);
    private final Optional<Path> executable;

    public NvidiaSmiProbe(Optional<Path> executable) {
        this.executable = executable;
    }

    /** nvidia-smi as found on this process's PATH. */
    public static NvidiaSmiProbe onPath() {
        return new NvidiaSmiProbe(findOnPath(System.getenv("PATH")));
    }

    /** Whether there is an nvidia-smi to ask, without asking it. */
    public boolean found() {
        return executable.isPresent();
    }

    @Override
    public Probed<GpuSnapshot> snapshot() {
        if (executable.isEmpty()) {
            return Probed.unavailable("nvidia-smi is not on PATH", "");
        }
        String smi = executable.get().toString();
        Probed<String> gpus = CommandRunner.stdout(
                List.of(smi, "--query-gpu=" + NvidiaSmiCsv.GPU_FIELDS, "--format=csv,noheader,nounits"), LIMIT);
        if (gpus instanceof Probed.Unavailable<String> failed) {
            return Probed.unavailable(failed.reason(), failed.hint());
        }
        Probed<String> apps = CommandRunner.stdout(
                List.of(smi, "--query-compute-apps=" + NvidiaSmiCsv.APP_FIELDS, "--format=csv,noheader,nounits"), LIMIT);
        if (apps instanceof Probed.Unavailable<String> failed) {
            return Probed.unavailable(failed.reason(), failed.hint());
        }
        try {
            return Probed.present(NvidiaSmiCsv.parse(gpus.asOptional().orElseThrow(), apps.asOptional().orElseThrow(), mig(smi)));
        } catch (IllegalArgumentException e) {
            return Probed.unavailable("nvidia-smi printed what GpuMagics cannot read: " + e.getMessage(), "");
        }
    }

    /** MIG instances, where the listing names any; a listing or log that cannot be had leaves them out or their memory absent. */
    private static List<DeviceMemory> mig(String smi) {
        List<NvidiaSmiMig.Listed> listed = CommandRunner.stdout(List.of(smi, "-L"), LIMIT).asOptional()
                .map(NvidiaSmiMig::listed).orElse(List.of());
        if (listed.isEmpty()) {
            return List.of();
        }
        return NvidiaSmiMig.devices(listed, CommandRunner.stdout(List.of(smi, "-q", "-x"), LIMIT).asOptional());
    }

    static Optional<Path> findOnPath(@Nullable String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "nvidia-smi");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
