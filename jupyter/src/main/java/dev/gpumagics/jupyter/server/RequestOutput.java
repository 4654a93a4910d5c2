package dev.gpumagics.jupyter.server;

import com.google.gson.JsonObject;
import dev.gpumagics.jupyter.kernel.CellOutput;
import dev.gpumagics.jupyter.kernel.MimeBundle;

/**
 * One execute_request's rich output: display_data and update_display_data on IOPub, from whichever thread,
 * each after the text printed before it. {@link #close()} comes before the request's reply and idle; after
 * it returns, nothing more is published for the request, so a sampler that outlives its cell cannot write
 * into a finished cell.
 */
final class RequestOutput implements CellOutput {

    private final CellStreams streams;
    private boolean closed;

    RequestOutput(CellStreams streams) {
        this.streams = streams;
    }

    @Override
    public synchronized void display(MimeBundle bundle) {
        if (!closed) {
            streams.publish("display_data", content(bundle, null));
        }
    }

    @Override
    public synchronized void display(MimeBundle bundle, String displayId) {
        if (!closed) {
            streams.publish("display_data", content(bundle, displayId));
        }
    }

    @Override
    public synchronized void update(MimeBundle bundle, String displayId) {
        if (!closed) {
            streams.publish("update_display_data", content(bundle, displayId));
        }
    }

    @Override
    public synchronized void clear(boolean wait) {
        if (!closed) {
            JsonObject content = new JsonObject();
            content.addProperty("wait", wait);
            streams.publish("clear_output", content);
        }
    }

    /** Waits for a display in flight on another thread, then refuses every later one. */
    synchronized void close() {
        closed = true;
    }

    /** display_data's content; update_display_data's is the same, its {@code transient} naming the display. */
    static JsonObject content(MimeBundle bundle, @org.jspecify.annotations.Nullable String displayId) {
        JsonObject content = new JsonObject();
        content.add("data", bundle.data());
        content.add("metadata", bundle.metadata());
        JsonObject transientPart = new JsonObject();
        if (displayId != null) {
            transientPart.addProperty("display_id", displayId);
        }
        content.add("transient", transientPart);
        return content;
    }
}
