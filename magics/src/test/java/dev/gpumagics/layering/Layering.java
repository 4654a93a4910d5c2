package dev.gpumagics.layering;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;

/** The layering rules both modules' tests check: each package depends one way, and native libraries are reached from one place each. */
public final class Layering {

    /** Every package of ours is a slice of its own ({@code probe} and {@code probe.value} are two), and no slices form a cycle. */
    public static final ArchRule NO_PACKAGE_CYCLES = slices().matching("dev.gpumagics.(**)").should().beFreeOfCycles()
            .because("each package depends one way, so that it can be read, tested and changed from the bottom up");

    /** The cuda preset's classes are touched only by the glue that checks for the driver first (a missing library throws once, then never loads). */
    public static final ArchRule ONLY_INTERNAL_CUDA_USES_THE_CUDA_PRESET = noClasses()
            .that().resideOutsideOfPackage("dev.gpumagics.internal.cuda..")
            .should().dependOnClassesThat().resideInAPackage("org.bytedeco.cuda..")
            .because("loading the NVML or cudart class without the driver fails for good: internal.cuda asks DriverLibraries first");

    /** libtorch's classes are linked only in the glue defined beneath the notebook's class loader. */
    public static final ArchRule ONLY_THE_TORCH_GLUE_USES_TORCH = noClasses()
            .that().resideOutsideOfPackage("dev.gpumagics.internal.torch.glue..")
            .should().dependOnClassesThat().resideInAPackage("org.bytedeco.pytorch..")
            .because("the notebook brings its own torch classes; only the glue, defined in a loader beneath the notebook's, links them");

    private Layering() {}

    /**
     * Every rule above on the classes this test's class path ships; {@code expected} names classes that must be among them,
     * so that a rule cannot pass on classes that were never imported.
     */
    public static void checkShipped(String... expected) {
        JavaClasses classes = shipped();
        for (String name : expected) {
            assertTrue(classes.contain(name), name + " is imported");
        }
        checkAll(classes);
    }

    /** Every rule above, on those classes: fails with the rule's report on the first that is broken. */
    public static void checkAll(JavaClasses classes) {
        NO_PACKAGE_CYCLES.check(classes);
        ONLY_INTERNAL_CUDA_USES_THE_CUDA_PRESET.check(classes);
        ONLY_THE_TORCH_GLUE_USES_TORCH.check(classes);
    }

    /** The cycle rule on just these classes must fail, naming each of {@code packages} in its report. */
    public static void assertCycleCaught(List<Class<?>> classes, String... packages) {
        EvaluationResult result = NO_PACKAGE_CYCLES.evaluate(new ClassFileImporter().importClasses(classes));
        assertTrue(result.hasViolation(), "no cycle found among " + classes);
        String report = result.getFailureReport().toString();
        for (String named : packages) {
            assertTrue(report.contains(named), named + " in " + report);
        }
    }

    /** Our classes on the test's class path, without the tests themselves (nor the magics test jar another module's tests use). */
    public static JavaClasses shipped() {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.gpumagics");
    }
}
