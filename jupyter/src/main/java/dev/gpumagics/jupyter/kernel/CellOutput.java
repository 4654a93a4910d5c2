package dev.gpumagics.jupyter.kernel;

/**
 * Where a running cell shows rich output; its text output goes to {@code System.out} and {@code System.err}.
 * It may be called from any thread while the cell runs (a sampler showing progress): each display goes out
 * after the text printed before it. Once the cell has ended it shows nothing more.
 */
public interface CellOutput {

    /** A display_data message, after whatever text the cell printed before it. */
    void display(MimeBundle bundle);

    /**
     * A display_data whose {@code transient.display_id} is {@code displayId}, so that {@link #update} can
     * replace it in place (Jupyter messaging 5.1 and later). An output that cannot update in place shows it
     * as a plain display.
     */
    default void display(MimeBundle bundle, String displayId) {
        display(bundle);
    }

    /**
     * An update_display_data: the display shown with this id now shows {@code bundle}, where it stands in
     * the notebook. A frontend that never showed that id ignores it, and so does an output that cannot update.
     */
    default void update(MimeBundle bundle, String displayId) {
        // nothing was shown in place, so there is nothing to replace
    }

    /**
     * A clear_output: the frontend clears what the cell has shown so far, at once or, with {@code wait}, when the
     * next output comes (so that a redraw does not flicker).
     */
    default void clear(boolean wait) {
        // nothing was shown, so there is nothing to clear
    }

    /** Output with nowhere to go: a cell run outside Jupyter (start-up scripts, tests). */
    CellOutput NOWHERE = bundle -> {};
}
