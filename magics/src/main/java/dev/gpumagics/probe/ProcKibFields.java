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
 * The "Key:   N kB" lines of a /proc file ({@code /proc/self/status}, {@code /proc/meminfo}) in bytes, and the
 * "Key:  N ..." lines ({@code Uid:}, {@code Tgid:}) as written. Read as ISO-8859-1, which decodes any byte: a
 * process name in status is not always ASCII, nor even UTF-8.
 */
public final class ProcKibFields {

    /** The first number on each key's line, as the file writes it. */
    private final Map<String, Long> numbers;

    private ProcKibFields(Map<String, Long> numbers) {
        this.numbers = numbers;
    }

    /** Reads until every key is found; a key the file lacks or spells no number for, or a file that cannot be read (off Linux), is absent. */
    public static ProcKibFields read(Path file, List<String> keys) {
        Map<String, Long> found = new HashMap<>();
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            for (String line = lines.readLine(); line != null && found.size() < keys.size(); line = lines.readLine()) {
                int colon = line.indexOf(':');
                if (colon > 0 && keys.contains(line.substring(0, colon))) {
                    try {
                        found.put(line.substring(0, colon), Long.parseLong(line.substring(colon + 1).trim().split("\\s+")[0]));
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

    /** A "Key: N kB" line's figure, in bytes. */
    public OptionalLong bytes(String key) {
        Long kib = numbers.get(key);
        return kib == null ? OptionalLong.empty() : OptionalLong.of(kib * 1024);
    }

    /** The first number on the key's line as written: an id or a count ({@code Uid:}'s first is the real uid). */
    public OptionalLong number(String key) {
        Long value = numbers.get(key);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
