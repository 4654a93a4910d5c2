package dev.gpumagics.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Whether a path may go on the notebook's classpath: a readable folder, or a regular file that opens as a
 * zip. JShell's compiler reads every entry of its classpath for each later snippet, and one it cannot
 * read (a text file, a truncated jar, /dev/zero) breaks every cell after it, so nothing else is added.
 * Only the file's type is looked at before it is opened: a named pipe or a device is never opened, so
 * the check cannot block on one.
 */
final class ClasspathEntryCheck {

    private ClasspathEntryCheck() {}

    /** Empty when the path can be added; otherwise why not, as the end of a sentence about it. */
    static Optional<String> problem(Path path) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Optional.of("does not exist");
        } catch (IOException e) {
            return Optional.of("cannot be read (" + e.getMessage() + ")");
        }
        if (attributes.isDirectory()) {
            return Files.isReadable(path) && Files.isExecutable(path) ? Optional.empty()
                    : Optional.of("is a folder that cannot be read");
        }
        if (!attributes.isRegularFile()) {
            return Optional.of("is neither a jar nor a folder (a device, a named pipe or a socket)");
        }
        if (!Files.isReadable(path)) {
            return Optional.of("cannot be read");
        }
        try (ZipFile zip = new ZipFile(path.toFile())) {
            return Optional.empty();
        } catch (ZipException e) {
            return Optional.of("is not a jar (" + e.getMessage() + ")");
        } catch (IOException e) {
            return Optional.of("cannot be read (" + e.getMessage() + ")");
        }
    }
}
