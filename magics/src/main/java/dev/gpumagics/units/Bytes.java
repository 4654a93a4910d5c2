package dev.gpumagics.units;

import java.util.Locale;
import java.util.OptionalLong;

/** Human units, binary: the same units nvidia-smi's MiB use. Only renderers call this. */
public final class Bytes {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Bytes() {}

    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value >= 100 ? "%.0f %s" : value >= 10 ? "%.1f %s" : "%.2f %s", value, UNITS[unit]);
    }

    /** What was not measured reads "N/A", as nvidia-smi writes it. */
    public static String human(OptionalLong bytes) {
        return bytes.isPresent() ? human(bytes.getAsLong()) : "N/A";
    }
}
