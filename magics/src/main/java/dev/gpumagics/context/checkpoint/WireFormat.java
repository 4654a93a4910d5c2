package dev.gpumagics.context.checkpoint;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.gpumagics.context.checkpoint.ControllerReply.Done;
import dev.gpumagics.context.checkpoint.ControllerReply.Failed;
import dev.gpumagics.context.checkpoint.ControllerReply.NoHostRoom;
import dev.gpumagics.context.checkpoint.ControllerReply.NoRoom;
import dev.gpumagics.context.checkpoint.ControllerReply.Refused;
import dev.gpumagics.context.checkpoint.ControllerReply.Step;
import dev.gpumagics.context.driver.CheckpointState;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The JSON between the kernel and its helper JVM: a {@link ControllerRequest} as the helper's argument, a
 * {@link ControllerReply} as its one stdout line, and {@link BytesPerDevice} inside them and in the parked records.
 * Built on Gson's tree API alone, which IJava's Gson 2.8.5 has too (the magics link against it inside IJava).
 */
final class WireFormat {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private WireFormat() {}

    static String line(ControllerReply reply) {
        JsonObject json = new JsonObject();
        if (reply instanceof Done done) {
            json.addProperty("reply", "done");
            json.addProperty("state", done.state().name());
            JsonArray steps = new JsonArray();
            for (Step step : done.steps()) {
                JsonObject one = new JsonObject();
                one.addProperty("name", step.name());
                one.addProperty("nanos", step.nanos());
                steps.add(one);
            }
            json.add("steps", steps);
            done.deviceBytes().ifPresent(bytes -> json.addProperty("deviceBytes", bytes));
            done.deviceBytesAfter().ifPresent(bytes -> json.addProperty("deviceBytesAfter", bytes));
            done.heldPerDevice().ifPresent(held -> json.add("heldPerDevice", json(held)));
        } else if (reply instanceof Refused refused) {
            json.addProperty("reply", "refused");
            json.addProperty("reason", refused.reason());
            json.addProperty("hint", refused.hint());
        } else if (reply instanceof NoHostRoom noHostRoom) {
            json.addProperty("reply", "nohostroom");
            addFigures(json, noHostRoom.room());
        } else if (reply instanceof NoRoom noRoom) {
            json.addProperty("reply", "noroom");
            addFigures(json, noRoom.room());
        } else {
            Failed failed = (Failed) reply;
            json.addProperty("reply", "failed");
            json.addProperty("reason", failed.reason());
            failed.state().ifPresent(state -> json.addProperty("state", state.name()));
        }
        return GSON.toJson(json);
    }

    /** Anything but a line {@link #line} wrote becomes a failure that quotes it. */
    static ControllerReply reply(String line) {
        try {
            JsonObject json = object(line);
            switch (text(json, "reply")) {
                case "done": return done(json);
                case "refused": return new Refused(text(json, "reason"), text(json, "hint"));
                case "nohostroom": return new NoHostRoom(figures(HostRoom.class, json));
                case "noroom": return new NoRoom(figures(DeviceRoom.class, json));
                case "failed": return new Failed(text(json, "reason"), json.has("state")
                        ? Optional.of(CheckpointState.valueOf(text(json, "state"))) : Optional.empty());
                default: throw new IllegalArgumentException("unknown reply");
            }
        } catch (RuntimeException e) {
            // Gson's and our own: a line we cannot read is reported, quoted, as a failure
            return new Failed("the checkpoint helper answered something unexpected: '" + oneLine(line) + "'", Optional.empty());
        }
    }

    private static Done done(JsonObject json) {
        List<Step> steps = new ArrayList<>();
        for (JsonElement step : required(json, "steps").getAsJsonArray()) {
            steps.add(new Step(text(step.getAsJsonObject(), "name"), number(step.getAsJsonObject(), "nanos")));
        }
        return new Done(CheckpointState.valueOf(text(json, "state")), steps, optionalNumber(json, "deviceBytes"),
                optionalNumber(json, "deviceBytesAfter"),
                json.has("heldPerDevice") ? Optional.of(bytesPerDevice(required(json, "heldPerDevice").getAsJsonObject())) : Optional.empty());
    }

    /** A record of figures (longs, ints, booleans), each component a member named after it. */
    private static void addFigures(JsonObject json, Record figures) {
        for (RecordComponent component : figures.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(figures);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (value instanceof Boolean flag) {
                json.addProperty(component.getName(), flag);
            } else {
                json.addProperty(component.getName(), (Number) value);
            }
        }
    }

    /** The record {@link #addFigures} wrote, from the members named after its components. */
    private static <R extends Record> R figures(Class<R> type, JsonObject json) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            JsonElement value = required(json, components[i].getName());
            // one branch each: a conditional expression would widen the int to a long
            if (types[i] == boolean.class) {
                values[i] = value.getAsBoolean();
            } else if (types[i] == int.class) {
                values[i] = value.getAsInt();
            } else {
                values[i] = value.getAsLong();
            }
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName(), e);
        }
    }

    static String request(ControllerRequest request) {
        JsonObject json = new JsonObject();
        json.addProperty("operation", request.operation().name());
        json.addProperty("pid", request.pid());
        json.addProperty("lockTimeoutMillis", request.lockTimeoutMillis());
        request.need().ifPresent(need -> json.add("need", json(need)));
        return GSON.toJson(json);
    }

    /** @throws IllegalArgumentException naming what is wrong, for anything {@link #request(ControllerRequest)} did not write */
    static ControllerRequest request(String text) {
        try {
            JsonObject json = object(text);
            return new ControllerRequest(ControllerRequest.Operation.valueOf(text(json, "operation")), number(json, "pid"),
                    (int) number(json, "lockTimeoutMillis"),
                    json.has("need") ? Optional.of(bytesPerDevice(required(json, "need").getAsJsonObject())) : Optional.empty());
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a request: " + oneLine(text), e);
        }
    }

    /** {@code {"0": 123, "1": 456}}: bytes by device index. */
    static String text(BytesPerDevice bytes) {
        return GSON.toJson(json(bytes));
    }

    /** @throws IllegalArgumentException for anything {@link #text(BytesPerDevice)} did not write */
    static BytesPerDevice bytesPerDevice(String text) {
        try {
            return bytesPerDevice(object(text));
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not bytes per device: " + oneLine(text), e);
        }
    }

    private static JsonObject json(BytesPerDevice bytes) {
        JsonObject json = new JsonObject();
        bytes.bytes().forEach((device, count) -> json.addProperty(Integer.toString(device), count));
        return json;
    }

    private static BytesPerDevice bytesPerDevice(JsonObject json) {
        TreeMap<Integer, Long> bytes = new TreeMap<>();
        for (Map.Entry<String, JsonElement> entry : json.entrySet()) {
            bytes.put(Integer.parseInt(entry.getKey()), entry.getValue().getAsLong());
        }
        return new BytesPerDevice(bytes);
    }

    private static JsonObject object(String text) {
        JsonElement json = GSON.fromJson(text, JsonElement.class);
        if (json == null || !json.isJsonObject()) {
            throw new IllegalArgumentException("not a JSON object: " + oneLine(text));
        }
        return json.getAsJsonObject();
    }

    private static JsonElement required(JsonObject json, String key) {
        JsonElement value = json.get(key);
        if (value == null || value.isJsonNull()) {
            throw new IllegalArgumentException("no " + key);
        }
        return value;
    }

    private static String text(JsonObject json, String key) {
        return required(json, key).getAsString();
    }

    private static long number(JsonObject json, String key) {
        return required(json, key).getAsLong();
    }

    private static OptionalLong optionalNumber(JsonObject json, String key) {
        return json.has(key) ? OptionalLong.of(number(json, key)) : OptionalLong.empty();
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    }
}
