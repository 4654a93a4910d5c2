package dev.gpumagics.metrics;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import dev.gpumagics.layering.Layering;
import org.junit.jupiter.api.Test;

/** The binder's module keeps the package rules, and Micrometer stays in it: the engine knows no metrics library. */
class MetricsLayeringTest {

    @Test
    void theEngineAndTheBinderTogetherKeepToTheRules() {
        Layering.checkShipped("dev.gpumagics.metrics.GpuMemoryMetrics", "dev.gpumagics.GpuMemory");
    }

    @Test
    void onlyTheBinderUsesMicrometer() {
        noClasses().that().resideOutsideOfPackage("dev.gpumagics.metrics..").should().dependOnClassesThat().resideInAPackage("io.micrometer..")
                .because("a service brings its own Micrometer; the engine and the kernel jar do without").check(Layering.shipped());
    }
}
