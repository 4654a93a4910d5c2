package dev.gpumagics.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.gpumagics.units.Bytes;
import dev.gpumagics.vars.Holdings;
import dev.gpumagics.vars.VariableHolding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The {@code %gpumem --vars} table: per variable that holds tensors, what it holds alone and what it shares. */
public final class VariablesReport {

    private static final String[] HEADER = {"variable", "type", "device", "dtype", "shape", "alone", "shared", "shared with"};

    private VariablesReport() {}

    public static String text(Holdings holdings) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (VariableHolding v : holding(holdings)) {
            rows.add(cells(v));
        }
        StringBuilder out = new StringBuilder(summary(holdings)).append('\n');
        if (rows.size() > 1) {
            int[] widths = new int[HEADER.length];
            rows.forEach(r -> {
                for (int i = 0; i < r.length; i++) {
                    widths[i] = Math.max(widths[i], r[i].length());
                }
            });
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    String cell = pad(row[i], widths[i], isFigure(i));
                    line.append(cell).append(i + 1 < row.length ? "  " : "");
                }
                out.append("  ").append(line.toString().stripTrailing()).append('\n');
            }
        }
        notes(holdings).forEach(n -> out.append("  ").append(n).append('\n'));
        return out.toString();
    }

    public static String html(Holdings holdings) {
        StringBuilder out = new StringBuilder("<div class=\"gpumagics-vars\"><p>")
                .append(Html.escape(summary(holdings))).append("</p>");
        List<VariableHolding> rows = holding(holdings);
        if (!rows.isEmpty()) {
            out.append("<table><thead><tr>");
            for (int i = 0; i < HEADER.length; i++) {
                out.append(isFigure(i) ? Html.figureHeader(HEADER[i]) : Html.textHeader(HEADER[i]));
            }
            out.append("</tr></thead><tbody>");
            for (VariableHolding v : rows) {
                out.append("<tr>");
                String[] cells = cells(v);
                for (int i = 0; i < cells.length; i++) {
                    out.append(isFigure(i) ? Html.figureCell(cells[i])
                            : Html.textCell(i == 0 ? "<code>" + Html.escape(cells[i]) + "</code>" : Html.escape(cells[i])));
                }
                out.append("</tr>");
            }
            out.append("</tbody></table>");
        }
        notes(holdings).forEach(n -> out.append("<p>").append(Html.escape(n)).append("</p>"));
        return out.append("</div>").toString();
    }

    /**
     * The table for scripts, the {@code variables} member of {@code %gpumem --json --vars}: the summary's
     * counts and totals, and a row for each variable the text shows (those that hold tensors, and those
     * whose walk stopped early, which may hold more). Bytes are integers; {@code shape} is null unless the
     * variable is one tensor. Gson 2.8.5 calls only, as {@link JsonReport#tree} explains.
     */
    public static JsonObject json(Holdings h) {
        JsonObject out = new JsonObject();
        out.addProperty("variableCount", h.variables().size());
        out.addProperty("holdingCount", holding(h).size());
        out.addProperty("storageCount", h.storages().size());
        out.addProperty("totalBytes", h.totalBytes());
        out.addProperty("gpuBytes", h.totalGpuBytes());
        out.addProperty("scanMillis", h.took().toMillis());
        JsonArray rows = new JsonArray();
        for (VariableHolding v : h.variables()) {
            if (v.holdsTensors() || v.truncated()) {
                rows.add(row(v));
            }
        }
        out.add("rows", rows);
        return out;
    }

    private static JsonObject row(VariableHolding v) {
        JsonObject row = new JsonObject();
        row.addProperty("name", v.name());
        row.addProperty("type", v.type());
        row.add("devices", JsonValues.strings(v.devices()));
        row.add("dtypes", JsonValues.strings(v.dtypes()));
        JsonElement shape = JsonNull.INSTANCE;
        if (v.shape() != null) {
            JsonArray sizes = new JsonArray();
            v.shape().forEach(sizes::add);
            shape = sizes;
        }
        row.add("shape", shape);
        row.addProperty("storageCount", v.tensors());
        row.addProperty("aloneBytes", v.aloneBytes());
        row.addProperty("sharedBytes", v.sharedBytes());
        row.add("sharedWith", JsonValues.strings(v.sharedWith()));
        // the text's "+state": the optimizer's own state is in no byte count here
        row.addProperty("optimizerStateUncounted", v.optimizerState());
        row.addProperty("truncated", v.truncated());
        JsonArray why = new JsonArray();
        v.stoppedEarly().stream().sorted().forEach(stop -> why.add(stop.jsonName()));
        row.add("truncatedBy", why);
        // the text's "+graph": tensors whose autograd graph keeps more memory alive than any count here shows
        row.addProperty("keepsAutogradHistory", v.autograd().keepsHistory());
        row.addProperty("autogradHistoryBytes", v.autograd().historyBytes());
        row.add("gradFunctions", JsonValues.strings(v.autograd().gradFunctions()));
        return row;
    }

    static String summary(Holdings h) {
        List<VariableHolding> rows = holding(h);
        if (rows.isEmpty()) {
            return String.format(Locale.ROOT, "No variable holds a tensor (%s scanned in %d ms).",
                    count(h.variables().size(), "variable"), h.took().toMillis());
        }
        return String.format(Locale.ROOT, "%d of %s %s tensors: %s in %s, %s of it on a GPU (scanned in %d ms).",
                rows.size(), count(h.variables().size(), "variable"), rows.size() == 1 ? "holds" : "hold",
                Bytes.human(h.totalBytes()), count(h.storages().size(), "storage"),
                Bytes.human(h.totalGpuBytes()), h.took().toMillis());
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static List<VariableHolding> holding(Holdings h) {
        return h.variables().stream().filter(VariableHolding::holdsTensors).toList();
    }

    private static String[] cells(VariableHolding v) {
        String shape = v.shape() != null ? v.shape().toString()
                : v.tensors() == 1 ? "1 tensor" : v.tensors() + " tensors";
        String marks = (v.optimizerState() ? " +state" : "") + (v.autograd().keepsHistory() ? " +graph" : "")
                + (v.truncated() ? " *" : "");
        return new String[] {v.name(), v.type(), String.join(",", v.devices()), String.join(",", v.dtypes()),
                shape + marks, Bytes.human(v.aloneBytes()), v.sharedBytes() == 0 ? "" : Bytes.human(v.sharedBytes()),
                String.join(", ", v.sharedWith())};
    }

    private static List<String> notes(Holdings h) {
        List<String> notes = new ArrayList<>();
        List<String> optimizers = h.variables().stream().filter(VariableHolding::optimizerState)
                .map(v -> v.type().substring(v.type().lastIndexOf('.') + 1)).distinct().toList();
        if (!optimizers.isEmpty()) {
            notes.add("+state: an optimizer's state (" + optimizers.stream().map(VariablesReport::stateOf).collect(Collectors.joining("; "))
                    + ") is not visible through the JavaCPP API and is not counted; %gpufree gives it back with the optimizer.");
        }
        List<String> graphs = h.variables().stream().filter(v -> v.autograd().keepsHistory())
                .map(v -> v.name() + " (" + Bytes.human(v.autograd().historyBytes()) + ", " + String.join(", ", v.autograd().gradFunctions()) + ")")
                .toList();
        if (!graphs.isEmpty()) {
            notes.add("+graph: " + String.join("; ", graphs) + (graphs.size() == 1 ? " is a tensor" : " are tensors")
                    + " with autograd history: the graph behind it keeps every tensor its backward pass saved, memory no count"
                    + " here shows. Keep a number (item_double()) or a detached tensor (detach()) instead, and compute what"
                    + " needs no gradient without autograd: %%nograd in the GpuMagics kernel,"
                    + " try (var noGrad = new NoGradGuard()) { ... } anywhere.");
        }
        if (h.variables().stream().anyMatch(VariableHolding::truncated)) {
            List<String> unlisted = h.variables().stream().filter(v -> v.truncated() && !v.holdsTensors())
                    .map(VariableHolding::name).toList();
            notes.add("*: the walk stopped early (its depth or object limit, or a collection whose elements could not be read);"
                    + " the variable may hold more." + (unlisted.isEmpty() ? ""
                            : " Found no tensor, but stopped early too: " + String.join(", ", unlisted)));
        }
        return notes;
    }

    /** What an optimizer of this type keeps per parameter, as far as its algorithm says. */
    static String stateOf(String optimizer) {
        return optimizer + ": " + switch (optimizer) {
            case "SGD" -> "momentum buffers, where momentum is set";
            case "Adam", "AdamW" -> "two moments per parameter";
            case "RMSprop" -> "a square average per parameter, and momentum where set";
            case "Adagrad" -> "a sum of squared gradients per parameter";
            case "LBFGS" -> "its recent steps and gradients";
            default -> "its per-parameter state";
        };
    }

    /** The alone and shared columns: figures, right-aligned. */
    private static boolean isFigure(int column) {
        return column == 5 || column == 6;
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }
}
