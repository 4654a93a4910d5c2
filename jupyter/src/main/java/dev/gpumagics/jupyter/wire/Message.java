package dev.gpumagics.jupyter.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.List;
import java.util.UUID;

/**
 * One Jupyter message as it travels: the routing identities, the four JSON parts, and any binary
 * buffers. The header and parent header are kept as the JSON they came as, so a reply carries its
 * request's header back unchanged.
 *
 * @param content usually an object; whatever JSON a client sent, {@code null} included
 */
public record Message(List<byte[]> identities, JsonObject header, JsonObject parentHeader, JsonObject metadata,
        JsonElement content, List<byte[]> buffers) {

    /** The protocol version this layer speaks. */
    public static final String PROTOCOL_VERSION = "5.3";

    public Message {
        identities = List.copyOf(identities);
        buffers = List.copyOf(buffers);
    }

    /** A new header from this kernel: a fresh id, the time now. */
    public static JsonObject header(String type, String session, String username) {
        JsonObject header = new JsonObject();
        header.addProperty("msg_id", UUID.randomUUID().toString());
        header.addProperty("session", session);
        header.addProperty("username", username);
        header.addProperty("date", IsoTime.now());
        header.addProperty("msg_type", type);
        header.addProperty("version", PROTOCOL_VERSION);
        return header;
    }

    public String type() {
        return text(header, "msg_type");
    }

    public String id() {
        return text(header, "msg_id");
    }

    /** The content when it is an object; an empty object when the client sent something else. */
    public JsonObject contentObject() {
        return content.isJsonObject() ? content.getAsJsonObject() : new JsonObject();
    }

    private static String text(JsonObject object, String name) {
        JsonElement value = object.get(name);
        return value instanceof JsonPrimitive primitive && primitive.isString() ? primitive.getAsString() : "";
    }
}
