package dev.gpumagics.probe.value;

/** The one comparison of device UUIDs: NVML writes {@code GPU-} or {@code MIG-} before the hex digits, CUDA's bytes have neither. */
final class UuidForm {

    private UuidForm() {}

    static String body(String uuid) {
        String text = uuid.strip();
        if (text.startsWith("GPU-") || text.startsWith("MIG-")) {
            return text.substring(4);
        }
        return text;
    }
}
