package dev.gpumagics.kernel;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.gpumagics.jupyter.kernel.MimeBundle;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.common.Image;
import io.github.spencerpark.jupyter.kernel.display.common.Text;
import io.github.spencerpark.jupyter.kernel.display.common.Url;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The one place where our kernel meets basekernel's values: the magic commands register in its
 * {@link Magics} and show {@link DisplayData}, and a cell's value is rendered by its {@link Renderer}
 * (as IJava renders it). Everything leaves here as a {@link MimeBundle}, so when the magics get a
 * host-independent layer this class is what changes.
 */
final class BasekernelMagics {

    /**
     * DisplayData hands out its representations one MIME type at a time; these are the ones the magics
     * and basekernel's renderers produce, and the ones notebooks display.
     */
    private static final List<String> MIME_TYPES = List.of("text/plain", "text/html", "text/markdown", "text/latex",
            "image/svg+xml", "image/png", "image/jpeg", "image/gif", "application/json", "application/javascript",
            "application/pdf");

    private static final Gson GSON = new Gson();

    private final Magics magics = new Magics();
    private final Renderer renderer = new Renderer();

    BasekernelMagics() {
        Image.registerAll(renderer);
        Url.registerAll(renderer);
        Text.registerAll(renderer);
    }

    Magics registry() {
        return magics;
    }

    /** The display callback the magics are given: each DisplayData goes to {@code sink} as a bundle. */
    Consumer<DisplayData> display(Consumer<MimeBundle> sink) {
        return data -> sink.accept(bundle(data));
    }

    /** A cell's value as Jupyter shows it: a DisplayData as itself, else {@code text/plain} is its {@code String.valueOf}. */
    MimeBundle render(@Nullable Object value) {
        if (value == null) {
            return MimeBundle.text("null");
        }
        return bundle(value instanceof DisplayData data ? data : renderer.render(value));
    }

    static MimeBundle bundle(DisplayData display) {
        JsonObject data = new JsonObject();
        for (String type : MIME_TYPES) {
            Object value = display.getData(MIMEType.parse(type));
            if (value != null) {
                data.add(type, json(value));
            }
        }
        if (!data.has("text/plain")) {
            data.addProperty("text/plain", "");
        }
        return new MimeBundle(data, new JsonObject());
    }

    private static JsonElement json(Object value) {
        if (value instanceof JsonElement element) {
            return element;
        }
        if (value instanceof CharSequence text) {
            return new JsonPrimitive(text.toString());
        }
        return GSON.toJsonTree(value);
    }
}
