package dev.gpumagics.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.gpumagics.look.OtherProcess;
import dev.gpumagics.oom.AllocationFailure;
import dev.gpumagics.oom.Cause;
import dev.gpumagics.oom.Diagnosis;
import dev.gpumagics.oom.Missing;
import dev.gpumagics.oom.NamedProcess;
import dev.gpumagics.oom.Place;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A diagnosis as JSON, for scripts: every key always there, bytes as integers, what is not known as null. Gson 2.8.5
 * calls only, as {@link JsonReport#tree} explains.
 */
public final class DiagnosisJson {

    private DiagnosisJson() {}

    public static JsonObject tree(Diagnosis d) {
        JsonObject root = new JsonObject();
        root.addProperty("takenAt", d.takenAt().toString());
        root.add("failure", d.failure().<JsonElement>map(DiagnosisJson::failure).orElse(JsonNull.INSTANCE));
        root.add("place", place(d.place()));
        JsonArray causes = new JsonArray();
        d.causes().forEach(c -> causes.add(cause(c)));
        root.add("causes", causes);
        JsonArray missing = new JsonArray();
        for (Missing m : d.missing()) {
            JsonObject row = new JsonObject();
            row.addProperty("part", camel(m.part().name()));
            row.addProperty("reason", m.reason());
            missing.add(row);
        }
        root.add("missing", missing);
        root.addProperty("scanMillis", d.scanTook().toMillis());
        root.addProperty("tookMillis", d.took().toMillis());
        return root;
    }

    private static JsonObject failure(AllocationFailure f) {
        JsonObject out = new JsonObject();
        out.addProperty("source", camel(f.source().name()));
        out.addProperty("message", f.message());
        out.addProperty("thrownAs", f.thrownAs());
        out.add("requestedBytes", number(f.requestedBytes()));
        out.add("device", number(f.device()));
        out.add("totalBytes", number(f.totalBytes()));
        out.add("freeBytes", number(f.freeBytes()));
        out.add("shortBytes", number(f.shortBytes()));
        out.add("processBytes", number(f.processBytes()));
        out.add("allocatedBytes", number(f.allocatedBytes()));
        out.add("reservedBytes", number(f.reservedBytes()));
        out.add("cachedBytes", number(f.cachedBytes()));
        out.add("allowedBytes", number(f.allowedBytes()));
        JsonElement others = JsonNull.INSTANCE;
        if (f.otherProcesses().isPresent()) {
            JsonArray list = new JsonArray();
            for (NamedProcess p : f.otherProcesses().get()) {
                JsonObject row = new JsonObject();
                row.addProperty("pid", p.pid());
                row.add("usedBytes", number(p.usedBytes()));
                list.add(row);
            }
            others = list;
        }
        out.add("otherProcesses", others);
        out.add("allocConfVariable", text(f.allocConfVariable()));
        out.add("cudaError", text(f.cudaError()));
        return out;
    }

    private static JsonObject place(Place p) {
        JsonObject out = new JsonObject();
        out.addProperty("gpu", p.gpu());
        out.add("device", number(p.device()));
        out.add("name", text(p.name()));
        out.add("totalBytes", number(p.totalBytes()));
        out.add("freeNowBytes", number(p.freeNowBytes()));
        return out;
    }

    private static JsonObject cause(Cause cause) {
        JsonObject out = new JsonObject();
        if (cause instanceof Cause.RequestTooLarge r) {
            out.addProperty("kind", "requestTooLarge");
            out.addProperty("requestedBytes", r.requestedBytes());
            out.addProperty("capacityBytes", r.capacityBytes());
            out.addProperty("ofDevice", r.ofDevice());
        } else if (cause instanceof Cause.VariablesHold v) {
            out.addProperty("kind", "variables");
            out.addProperty("totalBytes", v.totalBytes());
            out.addProperty("holderCount", v.holderCount());
            out.addProperty("wouldCover", v.wouldCover());
            JsonArray largest = new JsonArray();
            for (Cause.Holder h : v.largest()) {
                JsonObject row = new JsonObject();
                row.addProperty("name", h.name());
                row.addProperty("type", h.type());
                row.addProperty("bytes", h.bytes());
                row.add("sharedWith", strings(h.sharedWith()));
                row.addProperty("freeCommand", "%gpufree " + h.name());
                largest.add(row);
            }
            out.add("largest", largest);
        } else if (cause instanceof Cause.AutogradHistory a) {
            out.addProperty("kind", "autogradHistory");
            JsonArray variables = new JsonArray();
            for (Cause.HistoryHolder h : a.variables()) {
                JsonObject row = new JsonObject();
                row.addProperty("name", h.name());
                row.addProperty("tensorsWithHistory", h.tensorsWithHistory());
                row.add("gradFunctions", strings(h.gradFunctions()));
                variables.add(row);
            }
            out.add("variables", variables);
        } else if (cause instanceof Cause.CacheHeld c) {
            out.addProperty("kind", "cache");
            out.addProperty("cacheBytes", c.cacheBytes());
            out.addProperty("atFailure", c.atFailure());
            out.addProperty("allocConfVariable", c.allocConfVariable());
            out.addProperty("expandableSegmentsSet", c.expandableSegmentsSet());
        } else if (cause instanceof Cause.OthersHold o) {
            out.addProperty("kind", "otherProcesses");
            out.addProperty("totalBytes", o.totalBytes());
            out.addProperty("fromFailure", o.fromFailure());
            JsonArray processes = new JsonArray();
            for (OtherProcess p : o.processes()) {
                JsonObject row = new JsonObject();
                row.addProperty("pid", p.identity().pid());
                row.add("usedBytes", number(p.usedBytes()));
                row.add("user", text(p.identity().user()));
                row.add("command", text(p.identity().command()));
                processes.add(row);
            }
            out.add("processes", processes);
        } else {
            Cause.ContextAndLibraries c = (Cause.ContextAndLibraries) cause;
            out.addProperty("kind", "contextAndLibraries");
            out.addProperty("contextBytes", c.contextBytes());
            out.addProperty("atFailure", c.atFailure());
        }
        return out;
    }

    /** An enum constant as the JSON's camelCase: CUDA_CACHING_ALLOCATOR is cudaCachingAllocator. */
    private static String camel(String constant) {
        StringBuilder out = new StringBuilder();
        for (String word : constant.toLowerCase(Locale.ROOT).split("_")) {
            out.append(out.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return out.toString();
    }

    private static JsonArray strings(List<String> values) {
        JsonArray out = new JsonArray();
        values.forEach(v -> out.add(new JsonPrimitive(v)));
        return out;
    }

    private static JsonElement number(OptionalLong value) {
        return value.isPresent() ? new JsonPrimitive(value.getAsLong()) : JsonNull.INSTANCE;
    }

    private static JsonElement number(OptionalInt value) {
        return value.isPresent() ? new JsonPrimitive(value.getAsInt()) : JsonNull.INSTANCE;
    }

    private static JsonElement text(Optional<String> value) {
        return value.<JsonElement>map(JsonPrimitive::new).orElse(JsonNull.INSTANCE);
    }
}
