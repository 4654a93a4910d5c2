package dev.gpumagics.jupyter.kernel;

import java.util.List;
import java.util.Optional;

/** How a cell ended: with a value to show (or none), or with an error. */
public sealed interface ExecuteOutcome {

    record Done(Optional<MimeBundle> result) implements ExecuteOutcome {}

    /** The cell asked for documentation, which frontends show in their pager (an execute_reply payload, source page). */
    record Paged(MimeBundle page) implements ExecuteOutcome {}

    /** @param after shown right under the error, in order: what the kernel has to say about it */
    record Failed(Failure failure, List<MimeBundle> after) implements ExecuteOutcome {

        public Failed {
            after = List.copyOf(after);
        }
    }

    static ExecuteOutcome done(Optional<MimeBundle> result) {
        return new Done(result);
    }

    static ExecuteOutcome paged(MimeBundle page) {
        return new Paged(page);
    }

    static ExecuteOutcome failed(Failure failure) {
        return new Failed(failure, List.of());
    }

    static ExecuteOutcome failed(Failure failure, List<MimeBundle> after) {
        return new Failed(failure, after);
    }
}
