package dev.gpumagics.vars;

/** Why a variable's walk stopped before it had seen everything the variable reaches: past that point it may hold more. */
public enum WalkStop {
    /** Objects nested deeper than the walk's depth limit were not entered. */
    DEPTH_LIMIT("depthLimit", "nested deeper than the walk's depth limit"),
    /** The walk had seen as many objects as its limit allows. */
    OBJECT_LIMIT("objectLimit", "more objects than the walk's object limit"),
    /** A collection or map threw while its elements were read; only its fields were walked. */
    UNREADABLE_COLLECTION("unreadableCollection", "a collection in it threw when its elements were read");

    private final String jsonName;
    private final String reason;

    WalkStop(String jsonName, String reason) {
        this.jsonName = jsonName;
        this.reason = reason;
    }

    /** As {@code %gpumem --json --vars} names it, in the JSON's camelCase. */
    public String jsonName() {
        return jsonName;
    }

    /** As a clause for a sentence: {@code "nested deeper than the walk's depth limit"}. */
    public String reason() {
        return reason;
    }
}
