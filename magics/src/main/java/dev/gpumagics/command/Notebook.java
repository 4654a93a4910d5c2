package dev.gpumagics.command;

import dev.gpumagics.vars.NotebookVariables;

/**
 * What a magic reaches of the notebook it runs in, whichever kernel that is: the port each kernel's
 * adapter implements. A magic's answer is what it returns; an error is a {@link MagicUsageException},
 * whose message is the one line to show.
 */
public interface Notebook {

    /** Shows this in the running cell now, ahead of the magic's answer (a notice, progress). */
    void show(MimeBundle bundle);

    /** The notebook's variables, read and cleared through the kernel's own evaluator. */
    NotebookVariables variables();
}
