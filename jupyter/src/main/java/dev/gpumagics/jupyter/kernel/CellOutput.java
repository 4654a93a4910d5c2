package dev.gpumagics.jupyter.kernel;

/** Where a running cell shows rich output; its text output goes to {@code System.out} and {@code System.err}. */
public interface CellOutput {

    /** A display_data message, after whatever text the cell printed before it. */
    void display(MimeBundle bundle);

    /** Output with nowhere to go: a cell run outside Jupyter (start-up scripts, tests). */
    CellOutput NOWHERE = bundle -> {};
}
