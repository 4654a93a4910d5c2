package dev.gpumagics.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.gpumagics.neighbours.Ignored;
import dev.gpumagics.neighbours.NeighbourKernel;
import dev.gpumagics.neighbours.ShelfListing;
import dev.gpumagics.units.Bytes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Every GpuMagics kernel on the host, one row each, for {@code kernels} and {@code top}: who, which notebook, what it
 * is doing and for how long, what it holds on its GPUs and how much of that is cache, and its idle policy.
 */
public final class KernelsTable {

    static final List<String> HEADER = List.of("PID", "USER", "KERNEL", "NOTEBOOK", "STATE", "FOR", "GPU MEMORY", "CACHE", "IDLE POLICY");
    private static final int NOTEBOOK_WIDTH = 40;

    private KernelsTable() {}

    /** The table, the heading first, largest GPU use first; what was not believed is counted below it. */
    public static String text(ShelfListing listing, Path parent, Instant now) {
        StringBuilder out = new StringBuilder();
        for (String line : lines(listing, parent, now)) {
            out.append(line).append('\n');
        }
        return out.toString();
    }

    /** The same as lines, which {@code top} cuts to its screen. */
    public static List<String> lines(ShelfListing listing, Path parent, Instant now) {
        List<String> lines = new ArrayList<>();
        if (listing.problem().isPresent()) {
            lines.add(listing.problem().get());
            return lines;
        }
        if (listing.kernels().isEmpty()) {
            lines.add("no GpuMagics kernel on this host has published a record (under " + parent + ")");
        } else {
            lines.addAll(aligned(rows(listing, now)));
        }
        ignored(listing).ifPresent(lines::add);
        return lines;
    }

    private static List<List<String>> rows(ShelfListing listing, Instant now) {
        List<NeighbourKernel> kernels = new ArrayList<>(listing.kernels());
        kernels.sort(Comparator.comparingLong((NeighbourKernel k) -> NeighbourWords.used(k.record()).orElse(-1)).reversed()
                .thenComparingLong(k -> k.record().pid()));
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (NeighbourKernel kernel : kernels) {
            var record = kernel.record();
            rows.add(List.of(Long.toString(record.pid()), kernel.user().orElse("?"), record.kernel(),
                    cut(record.notebook().orElse("-")), NeighbourWords.state(record.state()),
                    CellRecordWords.duration(NeighbourWords.since(record, now)), bytes(NeighbourWords.used(record)),
                    bytes(NeighbourWords.cache(record)), NeighbourWords.policy(record)));
        }
        return rows;
    }

    private static String bytes(OptionalLong value) {
        return value.isPresent() ? Bytes.human(value.getAsLong()) : "-";
    }

    private static String cut(String notebook) {
        return notebook.length() <= NOTEBOOK_WIDTH ? notebook : "..." + notebook.substring(notebook.length() - NOTEBOOK_WIDTH + 3);
    }

    private static List<String> aligned(List<List<String>> rows) {
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).codePointCount(0, row.get(i).length()));
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                line.append(cell);
                if (i < row.size() - 1) {
                    line.append(" ".repeat(widths[i] - cell.codePointCount(0, cell.length()) + 2));
                }
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    private static Optional<String> ignored(ShelfListing listing) {
        if (listing.ignored().isEmpty()) {
            return Optional.empty();
        }
        Map<Ignored.Why, Integer> counts = counts(listing);
        List<String> parts = new ArrayList<>();
        counts.forEach((why, count) -> parts.add(count + " " + words(why)));
        return Optional.of("not shown: " + String.join(", ", parts));
    }

    private static Map<Ignored.Why, Integer> counts(ShelfListing listing) {
        Map<Ignored.Why, Integer> counts = new TreeMap<>();
        listing.ignored().forEach(ignored -> counts.merge(ignored.why(), 1, Integer::sum));
        return counts;
    }

    private static String words(Ignored.Why why) {
        return switch (why) {
            case NOT_A_FILE -> "that is not a file";
            case TOO_LARGE -> "too large to be a record";
            case PROCESS_GONE -> "of a kernel that has ended";
            case OTHER_OWNER -> "written by someone other than the process's owner";
            case OTHER_START -> "of an earlier process with the same pid";
            case MALFORMED -> "that is no record";
            case UNREADABLE -> "that could not be read";
        };
    }

    /** {@code kernels --json}: each believed kernel's record with its user, and how many were not believed, by why. */
    public static String json(ShelfListing listing, Path parent, Instant now) {
        JsonObject root = new JsonObject();
        root.addProperty("takenAt", now.toString());
        root.addProperty("parent", parent.toString());
        root.add("problem", JsonValues.text(listing.problem()));
        JsonArray kernels = new JsonArray();
        for (NeighbourKernel kernel : listing.kernels()) {
            JsonObject row = NeighbourJson.tree(kernel.record(), now);
            row.add("user", JsonValues.text(kernel.user()));
            kernels.add(row);
        }
        root.add("kernels", kernels);
        JsonObject ignored = new JsonObject();
        counts(listing).forEach((why, count) -> ignored.addProperty(camel(why), count));
        root.add("ignored", ignored);
        return JsonReport.text(root);
    }

    private static String camel(Ignored.Why why) {
        String[] words = why.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder out = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            out.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return out.toString();
    }
}
