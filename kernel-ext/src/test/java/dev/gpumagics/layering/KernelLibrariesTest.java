package dev.gpumagics.layering;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.gpumagics.layering.stray.StrayBasekernelImport;
import dev.gpumagics.layering.stray.StrayJJavaImport;
import org.junit.jupiter.api.Test;

/**
 * Only the adapters import a kernel library: basekernel in {@code adapter.basekernel} and
 * {@code adapter.ijava} (IJava is a basekernel kernel), jjava-jupyter in {@code adapter.jjava}. Nothing
 * else may: not the engine and the magic commands, and not our own kernel ({@code kernel}), which runs
 * on our protocol module ({@code dev.gpumagics.jupyter}).
 */
class KernelLibrariesTest {

    static final ArchRule ONLY_ADAPTERS_IMPORT_BASEKERNEL = noClasses()
            .that().resideOutsideOfPackages("dev.gpumagics.adapter.basekernel..", "dev.gpumagics.adapter.ijava..")
            .should().dependOnClassesThat().resideInAPackage("io.github.spencerpark..")
            .because("only the basekernel adapters bind GpuMagics to basekernel");

    static final ArchRule ONLY_THE_JJAVA_ADAPTER_IMPORTS_JJAVA = noClasses()
            .that().resideOutsideOfPackage("dev.gpumagics.adapter.jjava..")
            .should().dependOnClassesThat().resideInAPackage("org.dflib.jjava..")
            .because("only the JJava adapter binds GpuMagics to jjava-jupyter");

    /** Every class of ours the build ships: the engine, the magic commands, the kernel side. */
    private static JavaClasses shipped() {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.gpumagics");
    }

    @Test
    void theShippedClassesKeepToTheRules() {
        JavaClasses classes = shipped();
        assertTrue(classes.contain("dev.gpumagics.command.GpuMemMagic"), "the magics module's classes are imported");
        assertTrue(classes.contain("dev.gpumagics.adapter.jjava.GpuMagicsExtension"), "and kernel-ext's");
        ONLY_ADAPTERS_IMPORT_BASEKERNEL.check(classes);
        ONLY_THE_JJAVA_ADAPTER_IMPORTS_JJAVA.check(classes);
    }

    @Test
    void aStrayImportIsCaught() {
        JavaClasses strays = new ClassFileImporter().importClasses(StrayBasekernelImport.class, StrayJJavaImport.class);

        EvaluationResult basekernel = ONLY_ADAPTERS_IMPORT_BASEKERNEL.evaluate(strays);
        EvaluationResult jjava = ONLY_THE_JJAVA_ADAPTER_IMPORTS_JJAVA.evaluate(strays);

        assertTrue(basekernel.hasViolation());
        assertTrue(basekernel.getFailureReport().toString().contains(StrayBasekernelImport.class.getName()), basekernel.getFailureReport().toString());
        assertFalse(basekernel.getFailureReport().toString().contains(StrayJJavaImport.class.getName()));
        assertTrue(jjava.hasViolation());
        assertTrue(jjava.getFailureReport().toString().contains(StrayJJavaImport.class.getName()), jjava.getFailureReport().toString());
    }
}
