package dev.gpumagics.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A stand-in {@code nvidia-smi} (an outside program that cannot run here) that prints a recorded server's output, from
 * magics/src/test/resources/nvidia-smi, for exactly the queries the probe makes, and fails as nvidia-smi does for any
 * other: a changed query makes the tests that use it fail rather than read a shape no server printed.
 */
public final class RecordedNvidiaSmi {

    private RecordedNvidiaSmi() {}

    /**
     * Writes {@code dir/nvidia-smi} for the recording {@code name}: its {@code -gpus.csv} and {@code -apps.csv}, and, where
     * recorded, its listing ({@code -L.txt}) and XML log ({@code -q.xml}); an unrecorded one fails, as on a server where it fails.
     */
    public static Path install(Path dir, String name) {
        try {
            Files.createDirectories(dir);
            String gpus = copy(dir, name + "-gpus.csv");
            String apps = copy(dir, name + "-apps.csv");
            String listing = copy(dir, name + "-L.txt");
            String log = copy(dir, name + "-q.xml");
            return write(dir, """
                    case "$*" in
                      "--query-gpu=%s --format=csv,noheader,nounits") %s ;;
                      "--query-compute-apps=%s --format=csv,noheader,nounits") %s ;;
                      "-L") %s ;;
                      "-q -x") %s ;;
                      *) echo "Invalid combination of input arguments: $*" >&2; exit 2 ;;
                    esac
                    """.formatted(NvidiaSmiCsv.GPU_FIELDS, gpus, NvidiaSmiCsv.APP_FIELDS, apps, listing, log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code dir/nvidia-smi} with this shell body. */
    public static Path write(Path dir, String body) throws IOException {
        Path smi = dir.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        return smi;
    }

    /** The shell command that prints the recorded file, or fails where none was recorded. */
    private static String copy(Path dir, String resource) throws IOException {
        try (InputStream in = RecordedNvidiaSmi.class.getResourceAsStream("/nvidia-smi/" + resource)) {
            if (in == null) {
                return "echo 'Failed to run the query: not recorded' >&2; exit 9";
            }
            Path target = dir.resolve(resource);
            Files.write(target, in.readAllBytes());
            return "cat '" + target + "'";
        }
    }
}
