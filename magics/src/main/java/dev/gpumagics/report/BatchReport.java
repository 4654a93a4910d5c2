package dev.gpumagics.report;

import dev.gpumagics.batch.BatchFit;
import dev.gpumagics.batch.BatchTry;
import dev.gpumagics.units.Bytes;
import java.util.Locale;

/** What a batch-size search found and what each try cost, as text. */
public final class BatchReport {

    private BatchReport() {}

    public static String text(BatchFit<?> fit) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "batch size %d fits (%d %s in %s):%n", fit.batchSize(),
                fit.tries().size(), fit.tries().size() == 1 ? "try" : "tries", millis(fit.took().toNanos())));
        int width = fit.tries().stream().mapToInt(t -> Integer.toString(t.batchSize()).length()).max().orElse(1);
        for (BatchTry t : fit.tries()) {
            out.append(String.format(Locale.ROOT, "  %" + width + "d  ", t.batchSize()));
            if (t.fitted()) {
                out.append("fitted, ran ").append(millis(t.ran().toNanos()));
            } else {
                out.append("out of memory after ").append(millis(t.ran().toNanos()));
                t.failure().flatMap(f -> f.requestedBytes().isPresent() ? java.util.Optional.of(f.requestedBytes().getAsLong())
                        : java.util.Optional.empty()).ifPresent(b -> out.append(", asking for ").append(Bytes.human(b)));
                out.append("; giving memory back took ").append(millis(t.released().toNanos()));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String millis(long nanos) {
        double ms = nanos / 1e6;
        return ms >= 1000 ? String.format(Locale.ROOT, "%.2f s", ms / 1000) : String.format(Locale.ROOT, "%.0f ms", ms);
    }
}
