package dev.gpumagics.kernel;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a file for {@code %load}, saying in one line why it cannot be loaded. */
final class LoadedFile {

    /** Files may load files this deep; any deeper is a chain no one writes by hand. */
    static final int DEEPEST = 32;

    private LoadedFile() {}

    static String read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("%load: " + file + " is a directory, not a file");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("%load: no such file: " + file);
        }
        if (!Files.isRegularFile(file)) {
            // a named pipe would block the read until something writes to it
            throw new IllegalArgumentException("%load: " + file + " is not a regular file (a device, a named pipe or a socket)");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("%load: cannot read " + file);
        }
        try {
            return Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("%load: " + file + " is not UTF-8 text");
        }
    }
}
