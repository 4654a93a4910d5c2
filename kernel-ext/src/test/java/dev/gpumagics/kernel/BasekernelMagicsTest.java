package dev.gpumagics.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import dev.gpumagics.jupyter.kernel.MimeBundle;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import org.junit.jupiter.api.Test;

/** basekernel's DisplayData, as the magics make it, becomes the same MIME bundle on our protocol. */
class BasekernelMagicsTest {

    @Test
    void everyRepresentationTheMagicsMakeIsKept() {
        DisplayData data = new DisplayData("plain words");
        data.putHTML("<b>html</b>");
        JsonObject tree = new JsonObject();
        tree.addProperty("bytes", 42);
        data.putData("application/json", tree);
        MimeBundle bundle = BasekernelMagics.bundle(data);
        assertEquals("plain words", bundle.plainText());
        assertEquals("<b>html</b>", bundle.data().get("text/html").getAsString());
        assertEquals(tree, bundle.data().get("application/json"));
        assertEquals(3, bundle.data().size());
    }

    @Test
    void aValueIsRenderedAsBasekernelRendersIt() {
        BasekernelMagics magics = new BasekernelMagics();
        assertEquals("[1, 2]", magics.render(java.util.List.of(1, 2)).plainText());
        assertEquals("null", magics.render(null).plainText());
        DisplayData own = new DisplayData("made by the notebook");
        assertEquals("made by the notebook", magics.render(own).plainText(), "a DisplayData value shows as itself");
    }
}
