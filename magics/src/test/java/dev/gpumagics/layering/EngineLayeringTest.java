package dev.gpumagics.layering;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.gpumagics.layering.cycle.one.CycleStart;
import dev.gpumagics.layering.cycle.two.CycleEnd;
import dev.gpumagics.layering.stray.StrayCudaCall;
import dev.gpumagics.layering.stray.StrayTorchUse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's packages depend one way, and only the glue touches the native presets; each rule is shown to catch a violation. */
class EngineLayeringTest {

    @Test
    void theEngineKeepsToTheRules() {
        Layering.checkShipped("dev.gpumagics.context.GpuContext", "dev.gpumagics.probe.value.Probed");
    }

    @Test
    void aCycleBetweenTwoPackagesIsCaught() {
        Layering.assertCycleCaught(List.of(CycleStart.class, CycleEnd.class), "layering.cycle.one", "layering.cycle.two");
    }

    @Test
    void aNativeCallOutsideItsGlueIsCaught() {
        JavaClasses strays = new ClassFileImporter().importClasses(StrayCudaCall.class, StrayTorchUse.class);

        EvaluationResult cuda = Layering.ONLY_INTERNAL_CUDA_USES_THE_CUDA_PRESET.evaluate(strays);
        EvaluationResult torch = Layering.ONLY_THE_TORCH_GLUE_USES_TORCH.evaluate(strays);

        assertTrue(cuda.hasViolation());
        assertTrue(cuda.getFailureReport().toString().contains(StrayCudaCall.class.getName()), cuda.getFailureReport().toString());
        assertFalse(cuda.getFailureReport().toString().contains(StrayTorchUse.class.getName()));
        assertTrue(torch.hasViolation());
        assertTrue(torch.getFailureReport().toString().contains(StrayTorchUse.class.getName()), torch.getFailureReport().toString());
    }
}
