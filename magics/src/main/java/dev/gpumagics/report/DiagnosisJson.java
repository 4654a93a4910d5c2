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
import dev.gpumagics.oom.HeldElsewhere;
import dev.gpumagics.oom.Missing;
import dev.gpumagics.oom.NamedProcess;
import dev.gpumagics.oom.Place;
import dev.gpumagics.probe.ProcessIdentity;
import dev.gpumagics.probe.value.DeviceId;
import java.util.Locale;

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
        JsonArray elsewhere = new JsonArray();
        for (HeldElsewhere e : d.elsewhere()) {
            JsonObject row = new JsonObject();
            row.addProperty("device", e.device().toString());
            row.add("bytes", JsonValues.number(e.bytes()));
            elsewhere.add(row);
        }
        root.add("elsewhere", elsewhere);
        root.addProperty("scanMillis", d.scanTook().toMillis());
        root.addProperty("tookMillis", d.took().toMillis());
        return root;
    }

    private static JsonObject failure(AllocationFailure f) {
        JsonObject out = new JsonObject();
        out.addProperty("source", camel(f.source().name()));
        out.addProperty("message", f.message());
        out.addProperty("thrownAs", f.thrownAs());
        out.add("requestedBytes", JsonValues.number(f.requestedBytes()));
        out.add("device", JsonValues.number(f.device()));
        out.add("totalBytes", JsonValues.number(f.totalBytes()));
        out.add("freeBytes", JsonValues.number(f.freeBytes()));
        out.add("shortBytes", JsonValues.number(f.shortBytes()));
        out.add("processBytes", JsonValues.number(f.processBytes()));
        out.add("allocatedBytes", JsonValues.number(f.allocatedBytes()));
        out.add("reservedBytes", JsonValues.number(f.reservedBytes()));
        out.add("cachedBytes", JsonValues.number(f.cachedBytes()));
        out.add("allowedBytes", JsonValues.number(f.allowedBytes()));
        JsonElement others = JsonNull.INSTANCE;
        if (f.otherProcesses().isPresent()) {
            JsonArray list = new JsonArray();
            for (NamedProcess p : f.otherProcesses().get()) {
                JsonObject row = new JsonObject();
                row.addProperty("pid", p.pid());
                row.add("usedBytes", JsonValues.number(p.usedBytes()));
                list.add(row);
            }
            others = list;
        }
        out.add("otherProcesses", others);
        out.add("allocConfVariable", JsonValues.text(f.allocConfVariable()));
        out.add("cudaError", JsonValues.text(f.cudaError()));
        return out;
    }

    private static JsonObject place(Place p) {
        JsonObject out = new JsonObject();
        out.addProperty("gpu", p.gpu());
        out.add("device", JsonValues.number(p.device()));
        out.add("driverDevice", JsonValues.text(p.driverDevice().map(DeviceId::toString)));
        out.add("name", JsonValues.text(p.name()));
        out.add("totalBytes", JsonValues.number(p.totalBytes()));
        out.add("freeNowBytes", JsonValues.number(p.freeNowBytes()));
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
                row.add("sharedWith", JsonValues.strings(h.sharedWith()));
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
                row.add("gradFunctions", JsonValues.strings(h.gradFunctions()));
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
                row.add("pid", p.identity().<JsonElement>map(who -> new JsonPrimitive(who.pid())).orElse(JsonNull.INSTANCE));
                row.add("usedBytes", JsonValues.number(p.usedBytes()));
                row.add("user", JsonValues.text(p.identity().flatMap(ProcessIdentity::user)));
                row.add("command", JsonValues.text(p.identity().flatMap(ProcessIdentity::command)));
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
}
