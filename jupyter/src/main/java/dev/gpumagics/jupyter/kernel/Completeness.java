package dev.gpumagics.jupyter.kernel;

/**
 * Whether code is ready to run (is_complete_reply), and for incomplete code the indent of the next line.
 */
public record Completeness(Status status, String indent) {

    public enum Status {
        COMPLETE, INCOMPLETE, INVALID, UNKNOWN;

        /** As the protocol spells it. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static Completeness of(Status status) {
        return new Completeness(status, "");
    }

    public static Completeness incomplete(String indent) {
        return new Completeness(Status.INCOMPLETE, indent);
    }
}
