package dev.gpumagics.neighbours;

import java.nio.file.Path;

/** Whether a kernel's record is out there for the others to read. */
public sealed interface Publication {

    record Published(Path file) implements Publication {}

    /** @param why one line: what is in the way and who can clear it */
    record NotPublished(String why) implements Publication {}
}
