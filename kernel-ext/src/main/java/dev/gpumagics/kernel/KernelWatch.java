package dev.gpumagics.kernel;

import com.google.gson.JsonPrimitive;
import dev.gpumagics.jupyter.kernel.CellOutput;
import dev.gpumagics.jupyter.kernel.MimeBundle;
import dev.gpumagics.report.CellRecordHtml;
import dev.gpumagics.report.CellRecordJson;
import dev.gpumagics.report.CellRecordText;
import dev.gpumagics.report.LiveViewHtml;
import dev.gpumagics.report.LiveViewText;
import dev.gpumagics.watch.CellRecord;
import dev.gpumagics.watch.CellWatch;
import dev.gpumagics.watch.LiveFrame;
import dev.gpumagics.watch.WatchSettings;
import dev.gpumagics.watch.WatchedCell;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * {@code %gpuwatch} in this kernel: the engine's watch begun and ended around each cell, its live view shown once and
 * then replaced in place, and the cell's record shown after the cell's output. With the watch off a cell costs the
 * read of one flag: no probe, no listener.
 */
final class KernelWatch {

    private final WatchSettings settings = new WatchSettings();
    private final NotebookShell shell;
    private final CellVariables variables;
    private final String idPrefix = "gpumagics-watch-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + "-";
    private @Nullable CellWatch watch;
    private long cells;

    KernelWatch(NotebookShell shell) {
        this.shell = shell;
        this.variables = new CellVariables(shell);
    }

    /** What {@code %gpuwatch} switches. */
    WatchSettings settings() {
        return settings;
    }

    /** @return the cell being watched, or null when the watch is off (or could not start, which it says in the cell) */
    @Nullable Watched begin(CellOutput output) {
        if (!settings.on()) {
            if (watch != null) {
                variables.stopListening();
                watch.close();
                watch = null;
            }
            return null;
        }
        try {
            if (watch == null) {
                watch = CellWatch.forThisProcess(shell::classLoader);
            }
            variables.listen();
            variables.forget();
            String id = idPrefix + ++cells;
            Consumer<LiveFrame> live = frame -> show(frame, id, output);
            return new Watched(watch.begin(settings.live() ? live : null), live, output);
        } catch (RuntimeException | LinkageError e) {
            output.display(MimeBundle.text("gpuwatch: this cell is not watched: " + e));
            return null;
        }
    }

    /** The first frame as a new display, each later one in its place. */
    private static void show(LiveFrame frame, String id, CellOutput output) {
        MimeBundle bundle = MimeBundle.text(LiveViewText.render(frame)).with("text/html", new JsonPrimitive(LiveViewHtml.render(frame, id)));
        if (frame.number() == 0) {
            output.display(bundle, id);
        } else {
            output.update(bundle, id);
        }
    }

    /** One watched cell. */
    final class Watched {
        private final WatchedCell cell;
        private final Consumer<LiveFrame> live;
        private final CellOutput output;
        private boolean ended;

        Watched(WatchedCell cell, Consumer<LiveFrame> live, CellOutput output) {
            this.cell = cell;
            this.live = live;
            this.output = output;
        }

        /** The cell ended, however it ended: the live view's last frame, then the record. Only the first call counts. */
        void end() {
            if (ended) {
                return;
            }
            ended = true;
            try {
                CellRecord record = cell.end(variables.read(), live);
                if (!settings.on()) {
                    return; // the cell turned the watch off: it wants no more lines
                }
                MimeBundle line = MimeBundle.text(CellRecordText.line(record))
                        .with("text/html", new JsonPrimitive(CellRecordHtml.row(record)));
                output.display(settings.json() ? line.with("application/json", CellRecordJson.tree(record)) : line);
            } catch (RuntimeException | LinkageError e) {
                output.display(MimeBundle.text("gpuwatch: this cell's record could not be taken: " + e));
            } finally {
                variables.forget();
            }
        }
    }
}
