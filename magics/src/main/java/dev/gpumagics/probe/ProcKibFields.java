package dev.gpumagics.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The "Key:   N kB" lines of a /proc file ({@code /proc/self/status}, {@code /proc/meminfo}), in bytes. Read as
 * ISO-8859-1, which decodes any byte: a process name in status is not always ASCII.
 */
public final class ProcKibFields {

    private final Map<String, Long> bytes;

    private ProcKibFields(Map<String, Long> bytes) {
        this.bytes = bytes;
    }

    /** Reads until every key is found; a key the file lacks or spells no number for, or a file that cannot be read (off Linux), is absent. */
    public static ProcKibFields read(Path file, List<String> keys) {
        Map<String, Long> found = new HashMap<>();
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            for (String line = lines.readLine(); line != null && found.size() < keys.size(); line = lines.readLine()) {
                int colon = line.indexOf(':');
                if (colon > 0 && keys.contains(line.substring(0, colon))) {
                    try {
                        found.put(line.substring(0, colon), Long.parseLong(line.substring(colon + 1).trim().split("\\s+")[0]) * 1024);
                    } catch (NumberFormatException e) {
                        // that key is absent; the others still count
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return new ProcKibFields(Map.of());
        }
        return new ProcKibFields(found);
    }

    public OptionalLong bytes(String key) {
        Long value = bytes.get(key);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
