package dev.gpumagics.kernel;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.gpumagics.jupyter.kernel.MimeBundle;
import java.util.Map;

/** What a magic shows, as our protocol module carries it. */
final class MagicOutput {

    private MagicOutput() {}

    /** Text types as strings, application/json as the JSON tree itself. */
    static MimeBundle bundle(dev.gpumagics.command.MimeBundle shown) {
        JsonObject data = new JsonObject();
        for (Map.Entry<String, Object> entry : shown.data().entrySet()) {
            data.add(entry.getKey(), entry.getValue() instanceof JsonElement json ? json : new JsonPrimitive(String.valueOf(entry.getValue())));
        }
        return new MimeBundle(data, new JsonObject());
    }
}
