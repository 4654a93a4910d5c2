package dev.gpumagics.report;

import dev.gpumagics.idle.IdlePolicy;
import dev.gpumagics.neighbours.HeldOnGpu;
import dev.gpumagics.neighbours.KernelRecord;
import dev.gpumagics.neighbours.KernelState;
import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.units.Bytes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/** Another GpuMagics kernel in words: its notebook, what it is doing, what of its memory it could give back, its policy. */
public final class NeighbourWords {

    private NeighbourWords() {}

    /**
     * One line under that process's row in {@code %gpumem}: "GpuMagics kernel, notebook train.ipynb: idle for 3 h 12 min;
     * 8.00 GiB of it is libtorch's cache, which it could release".
     *
     * @param device the device the row is on, whose cache the line names
     */
    public static String line(KernelRecord record, Instant now, DeviceMemory device) {
        StringBuilder out = new StringBuilder(record.kernel()).append(" kernel, ").append(notebook(record)).append(": ")
                .append(activity(record, now));
        record.devices().stream().filter(held -> device.hasUuid(held.uuid())).findFirst()
                .map(HeldOnGpu::cacheBytes).filter(OptionalLong::isPresent).map(OptionalLong::getAsLong)
                .ifPresent(cache -> out.append("; ").append(cache == 0 ? "none of it is libtorch's cache"
                        : Bytes.human(cache) + " of it is libtorch's cache, which it could release"));
        return out.toString();
    }

    static String notebook(KernelRecord record) {
        return record.notebook().map(name -> "notebook " + name).orElse("notebook not shown");
    }

    /** "idle for 3 h 12 min", "running a cell for 5 min", "parked, idle for 3 h", or the last code an add-on saw. */
    public static String activity(KernelRecord record, Instant now) {
        String since = CellRecordWords.duration(since(record, now));
        return switch (record.state()) {
            case BUSY -> "running a cell for " + since;
            case IDLE -> "idle for " + since;
            case PARKED -> "parked, idle for " + since;
            case UNKNOWN -> "last code " + since + " ago (" + record.kernel() + " does not say whether a cell is running)";
        };
    }

    /** How long it has been idle (or busy) by the record's last activity; never negative, whatever the clocks say. */
    public static Duration since(KernelRecord record, Instant now) {
        Duration since = Duration.between(record.lastActivity(), now);
        return since.isNegative() ? Duration.ZERO : since;
    }

    /** "release 10m, suspend 2h", "off", or why there is none. */
    public static String policy(KernelRecord record) {
        return record.idlePolicy().map(NeighbourWords::policy).orElse("none (" + record.kernel() + " cannot have one)");
    }

    public static String policy(IdlePolicy policy) {
        if (policy.off()) {
            return "off";
        }
        List<String> steps = new ArrayList<>();
        policy.releaseAfter().ifPresent(after -> steps.add("release " + IdleText.notation(after)));
        policy.suspendAfter().ifPresent(after -> steps.add("suspend " + IdleText.notation(after)));
        return String.join(", ", steps);
    }

    /** What it holds on all its GPUs together, where it read that. */
    static OptionalLong used(KernelRecord record) {
        return sum(record.devices().stream().map(HeldOnGpu::usedBytes).toList());
    }

    static OptionalLong cache(KernelRecord record) {
        return sum(record.devices().stream().map(HeldOnGpu::cacheBytes).toList());
    }

    private static OptionalLong sum(List<OptionalLong> values) {
        if (values.isEmpty() || values.stream().anyMatch(OptionalLong::isEmpty)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(values.stream().mapToLong(OptionalLong::getAsLong).sum());
    }

    /** The state as one word, as the table and JSON give it. */
    static String state(KernelState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
