package dev.gpumagics.jupyter.kernel;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * What display_data, execute_result and inspect_reply carry: one representation per MIME type
 * ({@code text/plain} always, for frontends that show nothing else) and their metadata.
 */
public record MimeBundle(JsonObject data, JsonObject metadata) {

    public MimeBundle {
        data = data.deepCopy();
        metadata = metadata.deepCopy();
    }

    public static MimeBundle text(String plain) {
        JsonObject data = new JsonObject();
        data.addProperty("text/plain", plain);
        return new MimeBundle(data, new JsonObject());
    }

    /** This bundle with one more representation. */
    public MimeBundle with(String mimeType, JsonElement value) {
        JsonObject more = data.deepCopy();
        more.add(mimeType, value);
        return new MimeBundle(more, metadata);
    }

    /** The plain text, or empty when there is none. */
    public String plainText() {
        JsonElement text = data.get("text/plain");
        return text instanceof JsonPrimitive primitive && primitive.isString() ? primitive.getAsString() : "";
    }
}
