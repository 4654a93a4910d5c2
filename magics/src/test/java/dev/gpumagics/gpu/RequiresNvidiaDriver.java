package dev.gpumagics.gpu;

import dev.gpumagics.internal.cuda.DriverLibraries.Library;
import dev.gpumagics.internal.cuda.DriverLibraries;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Runs a test only where the NVIDIA driver and the CUDA 13 runtime can be linked. */
public final class RequiresNvidiaDriver implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        var missing = DriverLibraries.system().firstMissing(Library.NVML, Library.DRIVER, Library.CUDART);
        return missing.isEmpty()
                ? ConditionEvaluationResult.enabled("NVIDIA driver and CUDA runtime found")
                : ConditionEvaluationResult.disabled("no NVIDIA GPU here: " + missing.get().soname()
                        + " is not on the library path (GPU tests run on a GPU machine: bash .gpu-bundle/run.sh)");
    }
}
