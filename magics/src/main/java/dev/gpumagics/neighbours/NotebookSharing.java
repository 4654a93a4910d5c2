package dev.gpumagics.neighbours;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How much of its notebook's path a kernel lets the others on the host see. The record file is readable by every
 * user, so what it holds is what they can see: the kernel writes only what this allows.
 */
public enum NotebookSharing {
    /** The notebook's file name alone ({@code train.ipynb}): enough to tell whose work it is, without the folders. The default. */
    NAME,
    /** The path as Jupyter gives it to the kernel ({@code JPY_SESSION_NAME}: since jupyter_server 2.0, the full path). */
    PATH,
    /** Nothing: the others see that a GpuMagics kernel of this user holds memory, not which notebook. */
    NONE;

    /** The kernelspec's or the environment's choice: {@code name}, {@code path} or {@code none}. */
    public static final String VARIABLE = "GPUMAGICS_SHOW_NOTEBOOK";
    /** Jupyter Server's name for the notebook that started the kernel. */
    public static final String SESSION_VARIABLE = "JPY_SESSION_NAME";

    /**
     * The choice the environment makes, or why it cannot be read (then {@link #NONE}: an owner who asked for something
     * we did not understand is shown less, not more).
     */
    public record Choice(NotebookSharing sharing, Optional<String> problem) {}

    public static Choice fromEnvironment(Map<String, String> env) {
        String value = env.getOrDefault(VARIABLE, "").strip();
        if (value.isEmpty()) {
            return new Choice(NAME, Optional.empty());
        }
        try {
            return new Choice(valueOf(value.toUpperCase(Locale.ROOT)), Optional.empty());
        } catch (IllegalArgumentException e) {
            return new Choice(NONE, Optional.of(VARIABLE + "=" + value + " is not one of name, path or none: the notebook is not shown to others"));
        }
    }

    /** What of {@code sessionName} goes into the record. */
    public Optional<String> shown(Optional<String> sessionName) {
        Optional<String> given = sessionName.map(String::strip).filter(name -> !name.isEmpty());
        return switch (this) {
            case NONE -> Optional.empty();
            case PATH -> given.map(NotebookSharing::tail);
            case NAME -> given.map(path -> path.substring(path.lastIndexOf('/') + 1)).filter(name -> !name.isEmpty()).map(NotebookSharing::tail);
        };
    }

    /** A path longer than a record holds keeps its end, where the notebook's name is. */
    private static String tail(String path) {
        return path.length() <= RecordFormat.TEXT_LIMIT ? path : "..." + path.substring(path.length() - RecordFormat.TEXT_LIMIT + 3);
    }
}
