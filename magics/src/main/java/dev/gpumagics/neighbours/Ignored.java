package dev.gpumagics.neighbours;

import java.nio.file.Path;

/** A file (or a user's folder) among the records that a reader did not believe, and why. */
public record Ignored(Path file, Why why) {

    public enum Why {
        /** A link, a directory, a pipe: only a regular file is a record. */
        NOT_A_FILE,
        /** Larger than any record is. */
        TOO_LARGE,
        /** No such process now: its kernel ended without removing it (killed, crashed). */
        PROCESS_GONE,
        /**
         * The file's owner is not the process's owner, or not the owner its folder is named for: a user can only
         * speak for their own processes.
         */
        OTHER_OWNER,
        /** The process started at another time than the record says: the pid was reused after its kernel ended. */
        OTHER_START,
        /** Not a record this reader understands, or not about the pid its name gives. */
        MALFORMED,
        /** It could not be read in time or at all. */
        UNREADABLE
    }
}
