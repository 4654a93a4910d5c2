package dev.gpumagics.command;

import com.google.gson.JsonElement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One thing a magic shows, in several MIME types: text/plain always (every front end can show it),
 * text/html and application/json where the magic has them. Each kernel's adapter turns it into that
 * kernel's display type.
 *
 * @param data MIME type to content, text/plain first: a String for text types, a Gson {@link JsonElement}
 *     for application/json (the host kernel serialises it with its own Gson)
 */
public record MimeBundle(Map<String, Object> data) {

    public static final String TEXT = "text/plain";
    public static final String HTML = "text/html";
    public static final String JSON = "application/json";

    public MimeBundle {
        if (!(data.get(TEXT) instanceof String)) {
            throw new IllegalArgumentException("a MIME bundle always has text/plain");
        }
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    public static MimeBundle text(String text) {
        return new MimeBundle(Map.of(TEXT, text));
    }

    public MimeBundle withHtml(String html) {
        return with(HTML, html);
    }

    public MimeBundle withJson(JsonElement json) {
        return with(JSON, json);
    }

    /** The text/plain part, which every bundle has. */
    public String text() {
        return data.get(TEXT) instanceof String text ? text : "";
    }

    public Optional<Object> get(String mimeType) {
        return Optional.ofNullable(data.get(mimeType));
    }

    private MimeBundle with(String mimeType, Object content) {
        Map<String, Object> more = new LinkedHashMap<>(data);
        more.put(mimeType, content);
        return new MimeBundle(more);
    }
}
