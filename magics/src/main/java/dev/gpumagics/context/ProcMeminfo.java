package dev.gpumagics.context;

import dev.gpumagics.probe.Probed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@link HostMemory} from {@code /proc/meminfo}. */
final class ProcMeminfo implements HostMemory {

    private final Path meminfo;

    ProcMeminfo(Path meminfo) {
        this.meminfo = meminfo;
    }

    static HostMemory system() {
        return new ProcMeminfo(Path.of("/proc/meminfo"));
    }

    @Override
    public Probed<Long> availableBytes() {
        List<String> lines;
        try {
            lines = Files.readAllLines(meminfo);
        } catch (IOException e) {
            return Probed.unavailable("cannot read " + meminfo + ": " + e.getMessage(), "");
        }
        for (String line : lines) {
            // "MemAvailable:   12345678 kB": the kernel's estimate of what can be allocated without swapping
            if (line.startsWith("MemAvailable:")) {
                String[] parts = line.substring(13).trim().split("\\s+");
                try {
                    long value = Long.parseLong(parts[0]);
                    return Probed.present(parts.length > 1 && parts[1].equals("kB") ? value * 1024 : value);
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        return Probed.unavailable(meminfo + " has no readable MemAvailable line", "");
    }
}
