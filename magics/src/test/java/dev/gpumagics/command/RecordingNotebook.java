package dev.gpumagics.command;

import dev.gpumagics.vars.NotebookVariables;
import java.util.ArrayList;
import java.util.List;

/** A notebook port over given variables that keeps what the magic showed ahead of its answer. */
public final class RecordingNotebook implements Notebook {

    private final NotebookVariables variables;
    public final List<MimeBundle> shown = new ArrayList<>();

    public RecordingNotebook(NotebookVariables variables) {
        this.variables = variables;
    }

    public static RecordingNotebook withoutVariables() {
        return new RecordingNotebook(NotebookVariables.none());
    }

    @Override
    public void show(MimeBundle bundle) {
        shown.add(bundle);
    }

    @Override
    public NotebookVariables variables() {
        return variables;
    }
}
