package dev.gpumagics.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.gpumagics.neighbours.HeldOnGpu;
import dev.gpumagics.neighbours.KernelRecord;
import java.time.Instant;

/** Another GpuMagics kernel's record as JSON, for {@code %gpumem --json} and {@code kernels --json}: bytes as integers, absent as null. */
public final class NeighbourJson {

    private NeighbourJson() {}

    /** @param now what its idle time is counted to: the report's time */
    public static JsonObject tree(KernelRecord record, Instant now) {
        JsonObject out = new JsonObject();
        out.addProperty("pid", record.pid());
        out.addProperty("kernel", record.kernel());
        out.add("kernelId", JsonValues.text(record.kernelId()));
        out.add("notebook", JsonValues.text(record.notebook()));
        out.addProperty("state", NeighbourWords.state(record.state()));
        out.addProperty("startedAt", record.startedAt().toString());
        out.addProperty("lastActivity", record.lastActivity().toString());
        out.addProperty("sinceLastActivitySeconds", NeighbourWords.since(record, now).toSeconds());
        out.add("idlePolicy", record.idlePolicy().<JsonElement>map(policy -> {
            JsonObject idle = new JsonObject();
            idle.add("releaseAfterSeconds", policy.releaseAfter().<JsonElement>map(after -> new JsonPrimitive(after.toSeconds())).orElse(JsonNull.INSTANCE));
            idle.add("suspendAfterSeconds", policy.suspendAfter().<JsonElement>map(after -> new JsonPrimitive(after.toSeconds())).orElse(JsonNull.INSTANCE));
            return idle;
        }).orElse(JsonNull.INSTANCE));
        JsonArray devices = new JsonArray();
        for (HeldOnGpu held : record.devices()) {
            JsonObject device = new JsonObject();
            device.addProperty("device", held.device());
            device.addProperty("uuid", held.uuid());
            device.add("usedBytes", JsonValues.number(held.usedBytes()));
            device.add("tensorsBytes", JsonValues.number(held.tensorsBytes()));
            device.add("cacheBytes", JsonValues.number(held.cacheBytes()));
            device.add("contextBytes", JsonValues.number(held.contextBytes()));
            devices.add(device);
        }
        out.add("devices", devices);
        out.addProperty("updatedAt", record.updatedAt().toString());
        return out;
    }
}
