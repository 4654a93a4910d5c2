package dev.gpumagics.kernel;

import dev.gpumagics.GpuMemory;
import dev.gpumagics.command.DiagnosisDisplay;
import dev.gpumagics.command.MimeBundle;
import dev.gpumagics.oom.AllocationFailure;
import dev.gpumagics.oom.AllocationFailures;
import dev.gpumagics.oom.LastFailure;
import java.util.Optional;

/**
 * After a cell fails: when what it threw is an allocation failure, its diagnosis, to show right under the error;
 * the failure is kept for {@code %gpuwhy}. Any other failure has nothing more to show.
 */
final class FailedCellDiagnosis {

    private FailedCellDiagnosis() {}

    /** Never throws: nothing here may hide the cell's own error. */
    static Optional<MimeBundle> of(Throwable failure, NotebookShell shell) {
        try {
            Optional<AllocationFailure> found = AllocationFailures.in(thrownByTheCell(failure));
            if (found.isEmpty()) {
                return Optional.empty();
            }
            LastFailure.ofThisProcess().remember(found.get());
            return Optional.of(DiagnosisDisplay.of(GpuMemory.diagnoser(shell.variables(), shell::classLoader).diagnose(found)));
        } catch (RuntimeException | LinkageError e) {
            return Optional.of(MimeBundle.text("GpuMagics could not diagnose this failure: " + e));
        }
    }

    /** The notebook's own exception, not the kernel's wrapper of it, names the class that carried the failure. */
    private static Throwable thrownByTheCell(Throwable failure) {
        if ((failure instanceof NotebookShell.UserException || failure instanceof ErrorReport.MagicFailure) && failure.getCause() != null) {
            return failure.getCause();
        }
        return failure;
    }
}
