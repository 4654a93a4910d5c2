package dev.gpumagics.layering;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.gpumagics.layering.cycle.one.CycleStart;
import dev.gpumagics.layering.cycle.one.SplitBack;
import dev.gpumagics.layering.cycle.three.CycleAcross;
import org.junit.jupiter.api.Test;

/**
 * The package rules over both modules together: a package that both modules use (a split package) could close a
 * cycle that neither module shows alone. The rules themselves are the engine's ({@link Layering}).
 */
class ModuleLayeringTest {

    @Test
    void bothModulesTogetherKeepToTheRules() {
        JavaClasses classes = Layering.shipped();
        assertTrue(classes.contain("dev.gpumagics.context.GpuContext") && classes.contain("dev.gpumagics.cli.Main"),
                "both modules' classes are imported");
        Layering.NO_PACKAGE_CYCLES.check(classes);
        Layering.ONLY_INTERNAL_CUDA_USES_THE_CUDA_PRESET.check(classes);
        Layering.ONLY_THE_TORCH_GLUE_USES_TORCH.check(classes);
    }

    @Test
    void aCycleThroughAPackageBothModulesUseIsCaught() {
        JavaClasses across = new ClassFileImporter().importClasses(SplitBack.class, CycleAcross.class, CycleStart.class);

        EvaluationResult result = Layering.NO_PACKAGE_CYCLES.evaluate(across);

        assertTrue(result.hasViolation());
        String report = result.getFailureReport().toString();
        assertTrue(report.contains("layering.cycle.one") && report.contains("layering.cycle.three"), report);
    }
}
