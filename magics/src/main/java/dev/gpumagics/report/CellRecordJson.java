package dev.gpumagics.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.watch.CellRecord;
import dev.gpumagics.watch.DeviceChange;
import dev.gpumagics.watch.HostChange;
import dev.gpumagics.watch.Peak;
import dev.gpumagics.watch.ProcessChange;
import dev.gpumagics.watch.VariableChange;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A {@code %gpuwatch} record as JSON, for scripts: bytes as integers, what was not measured as null (never -1),
 * every key always there. Gson 2.8.5 calls only, as {@link JsonReport#tree} explains.
 */
public final class CellRecordJson {

    private CellRecordJson() {}

    public static JsonObject tree(CellRecord record) {
        JsonObject root = new JsonObject();
        root.addProperty("startedAt", record.startedAt().toString());
        root.addProperty("wallMillis", record.wall().toMillis());
        root.add("host", host(record.host()));
        JsonArray devices = new JsonArray();
        record.devices().forEach(device -> devices.add(device(device)));
        root.add("devices", devices);
        root.add("gpuNotRead", JsonValues.text(record.gpuNotRead()));
        root.addProperty("gpuParked", record.gpuParked());
        JsonArray variables = new JsonArray();
        record.variables().forEach(v -> variables.add(variable(v)));
        root.add("variables", variables);
        JsonArray processes = new JsonArray();
        record.processes().forEach(p -> processes.add(process(p)));
        root.add("processes", processes);
        return root;
    }

    private static JsonObject host(HostChange host) {
        JsonObject out = new JsonObject();
        out.add("residentBeforeBytes", JsonValues.number(host.residentBefore()));
        out.add("residentAfterBytes", JsonValues.number(host.residentAfter()));
        out.add("residentDeltaBytes", JsonValues.number(host.residentDelta()));
        peak(out, "resident", host.residentPeak(), host.peakAboveStart());
        out.addProperty("javacppBeforeBytes", host.javacppBefore());
        out.addProperty("javacppAfterBytes", host.javacppAfter());
        out.addProperty("javacppDeltaBytes", host.javacppDelta());
        return out;
    }

    private static JsonObject device(DeviceChange device) {
        JsonObject out = new JsonObject();
        JsonValues.device(out, device.id());
        out.add("name", JsonValues.text(device.name()));
        out.add("allocatedBeforeBytes", JsonValues.number(device.allocatedBefore()));
        out.add("allocatedAfterBytes", JsonValues.number(device.allocatedAfter()));
        out.add("allocatedDeltaBytes", JsonValues.number(device.allocatedDelta()));
        out.add("reservedBeforeBytes", JsonValues.number(device.reservedBefore()));
        out.add("reservedAfterBytes", JsonValues.number(device.reservedAfter()));
        out.add("reservedDeltaBytes", JsonValues.number(device.reservedDelta()));
        out.add("kernelBeforeBytes", JsonValues.number(device.kernelBefore()));
        out.add("kernelAfterBytes", JsonValues.number(device.kernelAfter()));
        peak(out, "", device.peak(), device.peakAboveStart());
        out.add("peakOf", device.peak().isPresent() ? new JsonPrimitive(device.peakOfAllocated() ? "allocated" : "process")
                : JsonNull.INSTANCE);
        out.add("freeAfterBytes", JsonValues.number(device.freeAfter()));
        out.add("totalBytes", JsonValues.number(device.totalBytes()));
        return out;
    }

    private static JsonObject variable(VariableChange v) {
        JsonObject out = new JsonObject();
        out.addProperty("name", v.name());
        out.addProperty("type", v.type());
        out.addProperty("how", v.how().name().toLowerCase(Locale.ROOT));
        out.addProperty("bytes", v.bytes());
        out.addProperty("gpuBytes", v.gpuBytes());
        out.add("bytesBefore", JsonValues.number(v.bytesBefore()));
        out.addProperty("keepsAutogradHistory", v.keepsHistory());
        return out;
    }

    private static JsonObject process(ProcessChange p) {
        JsonObject out = new JsonObject();
        out.add("device", JsonValues.text(p.device().map(DeviceId::toString)));
        out.addProperty("pid", p.pid());
        out.addProperty("appeared", p.appeared());
        out.add("bytes", JsonValues.number(p.bytes()));
        out.add("user", JsonValues.text(p.identity().user()));
        out.add("command", JsonValues.text(p.identity().command()));
        return out;
    }

    /** {@code <prefix>PeakBytes}, {@code <prefix>PeakAboveStartBytes}, {@code <prefix>PeakExact}; camel-cased after a prefix. */
    private static void peak(JsonObject out, String prefix, Optional<Peak> peak, OptionalLong aboveStart) {
        String name = prefix.isEmpty() ? "peak" : prefix + "Peak";
        out.add(name + "Bytes", peak.<JsonElement>map(p -> new JsonPrimitive(p.bytes())).orElse(JsonNull.INSTANCE));
        out.add(name + "AboveStartBytes", JsonValues.number(aboveStart));
        out.add(name + "Exact", peak.<JsonElement>map(p -> new JsonPrimitive(p.exact())).orElse(JsonNull.INSTANCE));
    }
}
