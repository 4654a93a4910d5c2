package dev.gpumagics.oom;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the sizes libtorch prints ({@code format_size}: {@code 1024 bytes}, {@code 12.50 MiB}, {@code 17.51 GiB};
 * two decimals, binary units, nothing above GiB) back into bytes.
 */
final class SizeText {

    /** One size, as a group of a larger pattern: the number, then the unit. */
    static final String SIZE = "(\\d+(?:\\.\\d+)?) (bytes|B|KiB|MiB|GiB|TiB)";

    /**
     * Where NVML withholds a process's usage (under WSL, in some containers, on MIG) it reports its
     * not-available value, 2^64 - 1, which libtorch prints as {@code 17179869184.00 GiB}. Nothing real comes
     * near an exbibyte.
     */
    private static final BigDecimal NOT_AVAILABLE = BigDecimal.valueOf(1L << 60);

    private static final Pattern ONE = Pattern.compile(SIZE);

    private SizeText() {}

    /** The bytes a whole size text says, or absent when it is not one or is NVML's not-available value. */
    static OptionalLong parse(String text) {
        Matcher m = ONE.matcher(text.strip());
        return m.matches() ? bytes(m.group(1), m.group(2)) : OptionalLong.empty();
    }

    /** The bytes of a number and a unit as {@link #SIZE} captured them. */
    static OptionalLong bytes(String number, String unit) {
        int shift = switch (unit) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            case "TiB" -> 40;
            default -> 0;
        };
        BigDecimal bytes = new BigDecimal(number).multiply(BigDecimal.valueOf(1L << shift)).setScale(0, RoundingMode.HALF_UP);
        return bytes.compareTo(NOT_AVAILABLE) >= 0 ? OptionalLong.empty() : OptionalLong.of(bytes.longValueExact());
    }

    /** The size in group {@code first} (number) and {@code first + 1} (unit) of a match, if the group matched. */
    static OptionalLong group(Matcher m, int first) {
        return m.group(first) == null ? OptionalLong.empty() : bytes(m.group(first), m.group(first + 1));
    }
}
