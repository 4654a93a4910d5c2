package dev.gpumagics.jupyter.wire;

/** What came of reading one multipart message: a message to handle, or why it was dropped. */
public sealed interface Decoded {

    record Accepted(Message message) implements Decoded {}

    /** @param reason what was wrong, for the log: never shown to a client */
    record Refused(Reason reason, String detail) implements Decoded {}

    enum Reason {
        NO_DELIMITER("no <IDS|MSG> delimiter"),
        TOO_FEW_FRAMES("too few frames after the delimiter"),
        BAD_SIGNATURE("a bad signature"),
        REPLAYED("a signature seen before (a replayed message)"),
        BAD_HEADER("a header that is not a JSON object with a msg_type"),
        BAD_JSON("a part that is not JSON");

        private final String words;

        Reason(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }
}
