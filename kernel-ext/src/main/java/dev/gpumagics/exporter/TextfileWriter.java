package dev.gpumagics.exporter;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Writes the series for node_exporter's textfile collector: {@code gpumagics.prom} in its folder, written whole to a
 * temporary file there (a name the collector does not read) and renamed into place, so that a scrape reads the last
 * look or the one before, never half of one.
 */
final class TextfileWriter {

    static final String FILE = "gpumagics.prom";

    private final Path folder;
    private final Consumer<String> problems;
    private Optional<String> lastProblem = Optional.empty();

    TextfileWriter(Path folder, Consumer<String> problems) {
        this.folder = folder;
        this.problems = problems;
    }

    synchronized void write(MetricSnapshots series) {
        Path partial = folder.resolve("." + FILE + "." + ProcessHandle.current().pid() + ".partial");
        try {
            try (OutputStream out = Files.newOutputStream(partial)) {
                PrometheusTextFormatWriter.create().write(out, series);
            }
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
            try {
                Files.move(partial, folder.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the folder cannot rename a file into place atomically", e);
            }
            lastProblem = Optional.empty();
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // nothing more to take back
            }
            String problem = "gpumagics exporter: cannot write " + folder.resolve(FILE) + ": " + e.getMessage();
            if (!lastProblem.equals(Optional.of(problem))) {
                problems.accept(problem);
                lastProblem = Optional.of(problem);
            }
        }
    }

    synchronized void remove() {
        try {
            Files.deleteIfExists(folder.resolve(FILE));
        } catch (IOException e) {
            problems.accept("gpumagics exporter: cannot remove " + folder.resolve(FILE) + ": " + e.getMessage());
        }
    }
}
