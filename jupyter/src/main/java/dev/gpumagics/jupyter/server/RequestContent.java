package dev.gpumagics.jupyter.server;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.gpumagics.jupyter.wire.Message;
import java.util.Optional;

/** Reads a request's content the way a client may have written it: fields missing, of the wrong type, or no object at all. */
final class RequestContent {

    /** A request that cannot be served as sent; its message is the one line the client gets. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        private final String reason;

        Invalid(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    private final Message message;
    private final JsonObject content;

    RequestContent(Message message) throws Invalid {
        this.message = message;
        if (!message.content().isJsonObject()) {
            throw new Invalid(message.type() + " has no content object (got " + describe(message.content()) + ")");
        }
        this.content = message.content().getAsJsonObject();
    }

    String requiredText(String name) throws Invalid {
        return text(name).orElseThrow(() -> new Invalid(message.type() + " without " + name
                + ": its content needs a '" + name + "' string"));
    }

    Optional<String> text(String name) {
        return content.get(name) instanceof JsonPrimitive p && p.isString() ? Optional.of(p.getAsString()) : Optional.empty();
    }

    boolean flag(String name, boolean absent) {
        return content.get(name) instanceof JsonPrimitive p && p.isBoolean() ? p.getAsBoolean() : absent;
    }

    Optional<Integer> integer(String name) {
        if (content.get(name) instanceof JsonPrimitive p && p.isNumber()) {
            double value = p.getAsDouble();
            return Optional.of((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value)));
        }
        return Optional.empty();
    }

    private static String describe(JsonElement json) {
        return json.isJsonNull() ? "null" : json.isJsonArray() ? "an array" : "a " + (json.isJsonPrimitive() ? "scalar" : "value");
    }
}
