package dev.gpumagics.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.gpumagics.probe.value.DeviceId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** The JSON renderers' one rule for absence: what was not measured is {@code null}, never -1 or "". */
final class JsonValues {

    private JsonValues() {}

    static JsonElement number(OptionalLong value) {
        return value.isPresent() ? new JsonPrimitive(value.getAsLong()) : JsonNull.INSTANCE;
    }

    static JsonElement number(OptionalInt value) {
        return value.isPresent() ? new JsonPrimitive(value.getAsInt()) : JsonNull.INSTANCE;
    }

    static JsonElement text(Optional<String> value) {
        return value.<JsonElement>map(JsonPrimitive::new).orElse(JsonNull.INSTANCE);
    }

    /** A device's identity, the same in every document: {@code id} as --device takes it, {@code index}, {@code migIndex} or null. */
    static void device(JsonObject out, DeviceId id) {
        out.addProperty("id", id.toString());
        out.addProperty("index", id.gpu());
        out.add("migIndex", number(id.mig()));
    }

    static JsonArray strings(List<String> values) {
        JsonArray out = new JsonArray();
        values.forEach(out::add);
        return out;
    }
}
