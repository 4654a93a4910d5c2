package dev.gpumagics.layering;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

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

    /** Our classes on the test's class path, without the tests themselves (nor the magics test jar another module's tests use). */
    public static JavaClasses shipped() {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.gpumagics");
    }
}
