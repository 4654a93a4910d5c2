package dev.gpumagics.jupyter.kernel;

import java.util.Optional;

/** How a cell ended: with a value to show (or none), or with an error. */
public sealed interface ExecuteOutcome {

    record Done(Optional<MimeBundle> result) implements ExecuteOutcome {}

    record Failed(Failure failure) implements ExecuteOutcome {}

    static ExecuteOutcome done(Optional<MimeBundle> result) {
        return new Done(result);
    }

    static ExecuteOutcome failed(Failure failure) {
        return new Failed(failure);
    }
}
