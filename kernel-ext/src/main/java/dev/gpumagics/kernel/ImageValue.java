package dev.gpumagics.kernel;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;
import javax.imageio.ImageIO;

/** A value that is an image, as a base64 PNG; kept apart so that only a runtime with java.desktop loads it. */
final class ImageValue {

    private ImageValue() {}

    static Optional<String> png(Object value) {
        if (!(value instanceof RenderedImage image)) {
            return Optional.empty();
        }
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            return ImageIO.write(image, "png", png) ? Optional.of(Base64.getEncoder().encodeToString(png.toByteArray())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // the text stands alone
        }
    }
}
