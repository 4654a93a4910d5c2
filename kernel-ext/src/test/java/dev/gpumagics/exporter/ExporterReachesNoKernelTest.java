package dev.gpumagics.exporter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * A scrape never touches a kernel: the exporter depends on nothing that could reach one (the protocol, our kernel, the
 * courtesy, a GPU context, the checkpoint helper). It reads files and probes only; HostExporterTest shows it at work.
 */
class ExporterReachesNoKernelTest {

    static final ArchRule READS_ONLY = noClasses().that().resideInAPackage("dev.gpumagics.exporter..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.gpumagics.jupyter..", "dev.gpumagics.kernel..", "dev.gpumagics.courtesy..",
                    "dev.gpumagics.context..", "dev.gpumagics.release..", "dev.gpumagics.command..")
            .because("the exporter only reads the records and the device probe; no kernel can be asked, woken or waited for through it");

    @Test
    void theExporterDependsOnNothingThatReachesAKernel() {
        READS_ONLY.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.gpumagics.exporter"));
    }
}
