package dev.gpumagics.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.gpumagics.look.DeviceReport;
import dev.gpumagics.look.KernelUsage;
import dev.gpumagics.look.MemoryReport;
import dev.gpumagics.look.OtherProcess;
import dev.gpumagics.probe.ProcessIdentity;
import dev.gpumagics.probe.value.AllocatorStats;
import dev.gpumagics.probe.value.MemoryStat;
import dev.gpumagics.probe.value.PooledStat;
import dev.gpumagics.vars.Holdings;
import java.time.Instant;
import java.util.Optional;

/** The report as JSON, for scripts: bytes as integers, an unknown value as null (never -1). */
public final class JsonReport {

    private JsonReport() {}

    public static String render(MemoryReport report) {
        return text(tree(report));
    }

    /** A tree as the text a cell or a shell shows: indented, nulls kept so that every key is always there. */
    public static String text(JsonObject tree) {
        // Gson by default writes an apostrophe (and < > = &) as a unicode escape, safe inside HTML but hard to read in a cell
        // or a shell; this text is only ever shown as text
        return new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(tree);
    }

    /** The report and the notebook's variables ({@code %gpumem --json --vars}) as one tree, the table as its {@code variables} member. */
    public static JsonObject tree(MemoryReport report, Holdings variables) {
        JsonObject root = tree(report);
        root.add("variables", VariablesReport.json(variables));
        return root;
    }

    /**
     * The same as a tree, for a display's application/json. Built only with Gson calls that Gson 2.8.5
     * has too: inside IJava 1.3.0 the kernel's own (older) Gson is the one these classes link against.
     */
    public static JsonObject tree(MemoryReport report) {
        JsonObject root = new JsonObject();
        root.addProperty("takenAt", report.takenAt().toString());
        root.addProperty("pid", report.pid());
        JsonObject gpu = new JsonObject();
        gpu.add("source", JsonValues.text(report.gpuSource()));
        gpu.add("driverVersion", JsonValues.text(report.driverVersion()));
        gpu.add("unavailable", JsonValues.text(report.gpuUnavailable()));
        root.add("gpu", gpu);
        JsonArray devices = new JsonArray();
        report.devices().forEach(device -> devices.add(device(device, report.processesShown(), report.takenAt())));
        root.add("devices", devices);
        root.add("allocatorNote", JsonValues.text(report.allocatorNote()));
        root.add("parked", JsonValues.text(report.parked().map(ContextText::of)));
        JsonObject host = new JsonObject();
        host.addProperty("heapUsedBytes", report.host().heapUsedBytes());
        host.addProperty("heapMaxBytes", report.host().heapMaxBytes());
        host.addProperty("javacppBytes", report.host().javacppBytes());
        host.add("residentBytes", JsonValues.number(report.host().residentBytes()));
        host.add("availableBytes", JsonValues.number(report.host().availableBytes()));
        root.add("host", host);
        return root;
    }

    private static JsonObject device(DeviceReport report, boolean processesShown, Instant takenAt) {
        var device = report.device();
        JsonObject out = new JsonObject();
        JsonValues.device(out, device.id());
        out.add("uuid", JsonValues.text(device.uuid()));
        out.add("name", JsonValues.text(device.name()));
        out.add("totalBytes", JsonValues.number(device.totalBytes()));
        out.add("usedBytes", JsonValues.number(device.usedBytes()));
        out.add("freeBytes", JsonValues.number(device.freeBytes()));
        out.add("utilizationPercent", JsonValues.number(device.utilizationPercent()));
        KernelUsage kernel = report.kernel();
        JsonObject own = new JsonObject();
        own.add("processBytes", JsonValues.number(kernel.processBytes()));
        own.add("cudaOrdinal", JsonValues.number(kernel.cudaOrdinal()));
        own.add("tensorsBytes", JsonValues.number(kernel.tensorsBytes()));
        own.add("cacheBytes", JsonValues.number(kernel.cacheBytes()));
        own.add("contextAndLibrariesBytes", JsonValues.number(kernel.contextAndLibrariesBytes()));
        own.add("contextActive", kernel.contextActive().<JsonElement>map(JsonPrimitive::new).orElse(JsonNull.INSTANCE));
        own.add("allocator", kernel.allocator().<JsonElement>map(JsonReport::allocator).orElse(JsonNull.INSTANCE));
        out.add("kernel", own);
        out.add("otherProcessesBytes", JsonValues.number(report.othersBytes()));
        // what the driver did not list is unknown, not none
        out.add("otherProcessesCount", report.processesListed() ? new JsonPrimitive(report.othersCount()) : JsonNull.INSTANCE);
        out.add("otherUsedBytes", JsonValues.number(report.otherUsedBytes()));
        if (processesShown) {
            JsonArray others = new JsonArray();
            for (OtherProcess other : report.others()) {
                JsonObject row = new JsonObject();
                Optional<ProcessIdentity> who = other.identity();
                row.add("pid", who.<JsonElement>map(w -> new JsonPrimitive(w.pid())).orElse(JsonNull.INSTANCE));
                row.add("usedBytes", JsonValues.number(other.usedBytes()));
                row.add("visible", who.<JsonElement>map(w -> new JsonPrimitive(w.visible())).orElse(JsonNull.INSTANCE));
                row.add("user", JsonValues.text(who.flatMap(ProcessIdentity::user)));
                row.add("command", JsonValues.text(who.flatMap(ProcessIdentity::command)));
                row.add("gpumagicsKernel", other.kernel().<JsonElement>map(record -> NeighbourJson.tree(record, takenAt)).orElse(JsonNull.INSTANCE));
                others.add(row);
            }
            out.add("otherProcesses", others);
        }
        JsonArray hints = new JsonArray();
        report.hints().forEach(hint -> hints.add(Hints.text(hint)));
        out.add("hints", hints);
        return out;
    }

    private static JsonObject allocator(AllocatorStats stats) {
        JsonObject out = new JsonObject();
        out.add("allocated", pooled(stats.allocated()));
        out.add("reserved", pooled(stats.reserved()));
        out.add("active", pooled(stats.active()));
        out.addProperty("allocRetries", stats.allocRetries());
        out.addProperty("outOfMemoryCount", stats.outOfMemoryCount());
        return out;
    }

    private static JsonObject pooled(PooledStat stat) {
        JsonObject out = new JsonObject();
        out.add("all", stat(stat.aggregate()));
        out.add("smallPool", stat(stat.smallPool()));
        out.add("largePool", stat(stat.largePool()));
        return out;
    }

    private static JsonObject stat(MemoryStat stat) {
        JsonObject out = new JsonObject();
        out.addProperty("currentBytes", stat.currentBytes());
        out.addProperty("peakBytes", stat.peakBytes());
        return out;
    }
}
