package dev.gpumagics.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonPrimitive;
import dev.gpumagics.jupyter.kernel.MimeBundle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ValueBundlesTest {

    @Test
    void aValueIsItsStringAndNullIsNull() {
        assertEquals("[1, 2]", ValueBundles.of(List.of(1, 2)).plainText());
        assertEquals("null", ValueBundles.of(null).plainText());
        assertFalse(ValueBundles.of("text").data().has("image/png"));
    }

    @Test
    void aToStringThatReturnsNullIsShownAsNullTextNeverAsJsonNull() {
        Object nothing = new Object() {
            @Override
            @SuppressWarnings("NullAway") // the point: code that breaks toString()'s contract
            public String toString() {
                return null;
            }
        };
        // a JSON null under text/plain fails nbformat's validation, and with it a whole nbclient run
        assertEquals(new JsonPrimitive("null"), ValueBundles.of(nothing).data().get("text/plain"));
    }

    @Test
    void anImageIsAlsoAPngOfTheSamePixels() throws Exception {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0x1f4e9c);

        MimeBundle bundle = ValueBundles.of(image);

        byte[] png = Base64.getDecoder().decode(bundle.data().get("image/png").getAsString());
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
        assertArrayEquals(image.getRGB(0, 0, 3, 2, null, 0, 3), back.getRGB(0, 0, 3, 2, null, 0, 3));
        assertEquals(String.valueOf(image), bundle.plainText());
    }
}
