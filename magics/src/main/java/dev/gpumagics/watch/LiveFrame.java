package dev.gpumagics.watch;

import dev.gpumagics.probe.value.DeviceId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One frame of the live view of a long cell: where memory is now, and one measure over the cell so far.
 *
 * @param number 0 for the first frame (shown as a new display), then 1, 2, ... (each replacing the one before)
 * @param last whether this is the cell's final frame, taken as it ended: the one that stays in the notebook
 * @param elapsed since the cell started
 * @param series the measure the sparkline draws, sampled from the cell's start, oldest first
 * @param hostTotals the host's memory, for the bar where no GPU was read
 */
public record LiveFrame(int number, boolean last, Duration elapsed, MemorySample start, MemorySample now, Series series,
        Optional<HostTotals> hostTotals) {

    /**
     * The measure over time, its lowest and its highest point.
     *
     * @param device the GPU or MIG instance it is on, for the two device measures; absent for the host's
     * @param lowBytes the lowest sample, from which the sparkline rises: a process's resident set seldom starts near zero
     */
    public record Series(Measure measure, Optional<DeviceId> device, List<Long> values, long lowBytes, long peakBytes) {

        public Series {
            values = List.copyOf(values);
        }
    }

    /** What the sparkline draws: the most telling measure that could be read. */
    public enum Measure {
        /** libtorch's {@code allocated_bytes} on a GPU, where its CUDA allocator runs. */
        ALLOCATED,
        /** This process's memory on a GPU, as NVML tells it. */
        DEVICE_PROCESS,
        /** This process's resident set on the host. */
        HOST_RESIDENT
    }
}
