package dev.gpumagics.kernel;

import dev.gpumagics.GpuMemory;
import dev.gpumagics.adapter.basekernel.BaseKernelMagics;
import dev.gpumagics.command.DiagnosisDisplay;
import dev.gpumagics.oom.AllocationFailure;
import dev.gpumagics.oom.AllocationFailures;
import dev.gpumagics.oom.LastFailure;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * After a cell fails: when what it threw is an allocation failure, the diagnosis is shown right under the error,
 * and the failure is kept for {@code %gpuwhy}. Any other failure shows nothing more.
 */
final class FailedCellDiagnosis {

    private FailedCellDiagnosis() {}

    /** Never throws: the cell's error has been shown already, and nothing here may hide it. */
    static void show(Throwable failure, NotebookShell shell, Consumer<DisplayData> display) {
        try {
            Optional<AllocationFailure> found = AllocationFailures.in(thrownByTheCell(failure));
            if (found.isEmpty()) {
                return;
            }
            LastFailure.ofThisProcess().remember(found.get());
            display.accept(BaseKernelMagics.displayData(DiagnosisDisplay.of(GpuMemory.diagnoser(shell.variables(), shell::classLoader).diagnose(found))));
        } catch (RuntimeException | LinkageError e) {
            display.accept(new DisplayData("GpuMagics could not diagnose this failure: " + e));
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
