package dev.gpumagics.kernel;

import com.google.gson.JsonPrimitive;
import dev.gpumagics.jupyter.kernel.MimeBundle;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A cell's value as Jupyter shows it: its {@code String.valueOf}, and an image also as a PNG. */
final class ValueBundles {

    /** A runtime linked without the desktop module has no images to show, and must not try to load their classes. */
    private static final boolean IMAGES = ModuleLayer.boot().findModule("java.desktop").isPresent();

    private ValueBundles() {}

    static MimeBundle of(@Nullable Object value) {
        MimeBundle text = MimeBundle.text(plain(value));
        Optional<String> png = IMAGES && value != null ? ImageValue.png(value) : Optional.empty();
        return png.map(base64 -> text.with("image/png", new JsonPrimitive(base64))).orElse(text);
    }

    /**
     * {@code String.valueOf}, except that a toString() that returns null is shown as "null", as println shows it:
     * text/plain must be a string, and a notebook with a null there fails nbformat's validation.
     */
    static String plain(@Nullable Object value) {
        @Nullable String text = value == null ? null : value.toString();
        return text == null ? "null" : text;
    }
}
