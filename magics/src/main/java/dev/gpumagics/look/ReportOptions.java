package dev.gpumagics.look;

import java.util.OptionalInt;

/**
 * What a report covers.
 *
 * @param device one device by its driver index, or all
 * @param processes whether to list the other processes on each device
 */
public record ReportOptions(OptionalInt device, boolean processes) {
    public static final ReportOptions ALL = new ReportOptions(OptionalInt.empty(), true);
}
