package dev.gpumagics.watch;

import dev.gpumagics.probe.ProcKibFields;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The host's memory as a whole, for the live view's bar where there is no GPU: {@code MemTotal} and
 * {@code MemAvailable} of /proc/meminfo.
 */
public record HostTotals(long totalBytes, long availableBytes) {

    /** Absent off Linux, or where /proc/meminfo lacks either line. */
    public static Optional<HostTotals> read(Path meminfo) {
        ProcKibFields fields = ProcKibFields.read(meminfo, List.of("MemTotal", "MemAvailable"));
        OptionalLong total = fields.bytes("MemTotal");
        OptionalLong available = fields.bytes("MemAvailable");
        return total.isPresent() && total.getAsLong() > 0 && available.isPresent() && available.getAsLong() >= 0
                ? Optional.of(new HostTotals(total.getAsLong(), available.getAsLong())) : Optional.empty();
    }
}
