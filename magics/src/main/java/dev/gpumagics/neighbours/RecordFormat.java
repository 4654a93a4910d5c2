package dev.gpumagics.neighbours;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import dev.gpumagics.idle.IdlePolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A record as one JSON object in its file. What is absent is left out, never written as null. Reading takes the file
 * as another user wrote it: any part of the wrong type makes the whole record unreadable, and text is made printable
 * (a control character or a direction override becomes {@code ?}) and cut to a length, so a record cannot steer a
 * reader's terminal.
 */
final class RecordFormat {

    /** Raised for a new format that an old reader must not half-read. */
    static final int VERSION = 1;
    static final int TEXT_LIMIT = 400;
    static final int DEVICE_LIMIT = 64;

    private static final Gson GSON = new Gson();

    private RecordFormat() {}

    static String text(KernelRecord record) {
        JsonObject json = new JsonObject();
        json.addProperty("format", VERSION);
        json.addProperty("pid", record.pid());
        json.addProperty("startIdentity", record.startIdentity());
        json.addProperty("kernel", record.kernel());
        record.kernelId().ifPresent(id -> json.addProperty("kernelId", id));
        record.notebook().ifPresent(notebook -> json.addProperty("notebook", notebook));
        json.addProperty("startedAt", record.startedAt().toString());
        json.addProperty("lastActivity", record.lastActivity().toString());
        json.addProperty("state", record.state().name().toLowerCase(Locale.ROOT));
        record.idlePolicy().ifPresent(policy -> {
            JsonObject idle = new JsonObject();
            policy.releaseAfter().ifPresent(after -> idle.addProperty("releaseAfterSeconds", after.toSeconds()));
            policy.suspendAfter().ifPresent(after -> idle.addProperty("suspendAfterSeconds", after.toSeconds()));
            json.add("idlePolicy", idle);
        });
        JsonArray devices = new JsonArray();
        for (HeldOnGpu held : record.devices()) {
            JsonObject device = new JsonObject();
            device.addProperty("device", held.device());
            device.addProperty("uuid", held.uuid());
            held.usedBytes().ifPresent(bytes -> device.addProperty("usedBytes", bytes));
            held.tensorsBytes().ifPresent(bytes -> device.addProperty("tensorsBytes", bytes));
            held.cacheBytes().ifPresent(bytes -> device.addProperty("cacheBytes", bytes));
            held.parkedBytes().ifPresent(bytes -> device.addProperty("parkedBytes", bytes));
            devices.add(device);
        }
        json.add("devices", devices);
        json.addProperty("updatedAt", record.updatedAt().toString());
        return GSON.toJson(json);
    }

    /** @throws IllegalArgumentException for anything {@link #text} would not have written */
    static KernelRecord record(String text) {
        try {
            JsonElement parsed = GSON.fromJson(text, JsonElement.class);
            if (parsed == null || !parsed.isJsonObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            JsonObject json = parsed.getAsJsonObject();
            if (number(json, "format") != VERSION) {
                throw new IllegalArgumentException("format " + json.get("format") + ", not " + VERSION);
            }
            KernelRecord.Builder builder = KernelRecord.builder(number(json, "pid"), plain(json, "startIdentity"), printable(json, "kernel"))
                    .startedAt(instant(json, "startedAt"))
                    .lastActivity(instant(json, "lastActivity"))
                    .state(KernelState.valueOf(plain(json, "state").toUpperCase(Locale.ROOT)))
                    .devices(devices(json))
                    .updatedAt(instant(json, "updatedAt"));
            if (json.has("kernelId")) {
                builder.kernelId(printable(json, "kernelId"));
            }
            if (json.has("notebook")) {
                builder.notebook(printable(json, "notebook"));
            }
            if (json.has("idlePolicy")) {
                JsonObject idle = object(json, "idlePolicy");
                builder.idlePolicy(new IdlePolicy(seconds(idle, "releaseAfterSeconds"), seconds(idle, "suspendAfterSeconds")));
            }
            return builder.build();
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | ClassCastException
                 | NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static List<HeldOnGpu> devices(JsonObject json) {
        JsonElement value = json.get("devices");
        if (value == null || !value.isJsonArray() || value.getAsJsonArray().size() > DEVICE_LIMIT) {
            throw new IllegalArgumentException("devices is not a list of at most " + DEVICE_LIMIT);
        }
        List<HeldOnGpu> devices = new ArrayList<>();
        for (JsonElement element : value.getAsJsonArray()) {
            if (!element.isJsonObject()) {
                throw new IllegalArgumentException("a device is not an object");
            }
            JsonObject device = element.getAsJsonObject();
            devices.add(new HeldOnGpu(printable(device, "device"), printable(device, "uuid"),
                    bytes(device, "usedBytes"), bytes(device, "tensorsBytes"), bytes(device, "cacheBytes"), bytes(device, "parkedBytes")));
        }
        return devices;
    }

    private static JsonElement required(JsonObject json, String key) {
        JsonElement value = json.get(key);
        if (value == null || value.isJsonNull()) {
            throw new IllegalArgumentException("no " + key);
        }
        return value;
    }

    private static JsonObject object(JsonObject json, String key) {
        JsonElement value = required(json, key);
        if (!value.isJsonObject()) {
            throw new IllegalArgumentException(key + " is not an object");
        }
        return value.getAsJsonObject();
    }

    private static long number(JsonObject json, String key) {
        JsonElement value = required(json, key);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(key + " is not a number");
        }
        return value.getAsLong();
    }

    private static OptionalLong bytes(JsonObject json, String key) {
        if (!json.has(key)) {
            return OptionalLong.empty();
        }
        long bytes = number(json, key);
        if (bytes < 0) {
            throw new IllegalArgumentException(key + " is negative");
        }
        return OptionalLong.of(bytes);
    }

    private static Optional<Duration> seconds(JsonObject json, String key) {
        if (!json.has(key)) {
            return Optional.empty();
        }
        long seconds = number(json, key);
        if (seconds <= 0) {
            throw new IllegalArgumentException(key + " is not positive");
        }
        return Optional.of(Duration.ofSeconds(seconds));
    }

    private static Instant instant(JsonObject json, String key) {
        return Instant.parse(plain(json, key));
    }

    private static String plain(JsonObject json, String key) {
        JsonElement value = required(json, key);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException(key + " is not text");
        }
        String text = value.getAsString();
        if (text.length() > TEXT_LIMIT) {
            throw new IllegalArgumentException(key + " is longer than " + TEXT_LIMIT);
        }
        return text;
    }

    /** Text another user wrote, safe to print: no control characters, no format characters (direction overrides). */
    static String printable(JsonObject json, String key) {
        return printable(plain(json, key));
    }

    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(
                Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.LINE_SEPARATOR
                        || Character.getType(c) == Character.PARAGRAPH_SEPARATOR ? '?' : c));
        return out.toString();
    }
}
