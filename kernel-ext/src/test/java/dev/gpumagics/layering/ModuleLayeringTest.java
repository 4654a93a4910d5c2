package dev.gpumagics.layering;

import dev.gpumagics.layering.cycle.one.CycleStart;
import dev.gpumagics.layering.cycle.one.SplitBack;
import dev.gpumagics.layering.cycle.three.CycleAcross;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The package rules over the modules together (magics, jupyter, metrics, kernel-ext): a package that two use (a split package) could close a
 * cycle that neither module shows alone. The rules themselves are the engine's ({@link Layering}).
 */
class ModuleLayeringTest {

    @Test
    void bothModulesTogetherKeepToTheRules() {
        Layering.checkShipped("dev.gpumagics.context.GpuContext", "dev.gpumagics.cli.Main", "dev.gpumagics.metrics.GpuMemoryMetrics");
    }

    @Test
    void aCycleThroughAPackageBothModulesUseIsCaught() {
        Layering.assertCycleCaught(List.of(SplitBack.class, CycleAcross.class, CycleStart.class), "layering.cycle.one", "layering.cycle.three");
    }
}
