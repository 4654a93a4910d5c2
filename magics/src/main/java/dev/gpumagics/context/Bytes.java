package dev.gpumagics.context;

/** Byte counts in the one-line refusals the controller writes (the report package renders everything else). */
final class Bytes {

    private Bytes() {}

    static String mib(long bytes) {
        return bytes >= 10L << 30 ? String.format("%.1f GiB", bytes / (double) (1L << 30)) : (bytes >> 20) + " MiB";
    }
}
