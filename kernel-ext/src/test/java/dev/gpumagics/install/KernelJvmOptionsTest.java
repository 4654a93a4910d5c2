package dev.gpumagics.install;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The unit tests run under the JVM options the kernelspec gives the kernel (the parent pom's {@code kernel.jvm.options}
 * is surefire's argLine): a change to one that is not made to the other fails here.
 */
class KernelJvmOptionsTest {

    @Test
    void theTestsRunUnderTheKernelsOwnJvmOptions() {
        List<String> running = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> kernels = new ArrayList<>();
        for (int i = 0; i < KernelSpec.JVM_OPTIONS.size(); i++) {
            String option = KernelSpec.JVM_OPTIONS.get(i);
            // the JVM reports "--add-opens X" as "--add-opens=X"
            kernels.add(option.startsWith("--") && !option.contains("=") ? option + "=" + KernelSpec.JVM_OPTIONS.get(++i) : option);
        }
        assertEquals(kernels, running.stream().filter(kernels::contains).toList(), "surefire's argLine " + running);
        assertEquals(kernels.size(), running.stream().filter(arg -> arg.startsWith("-X") || arg.startsWith("--add-opens")).count(),
                "no other -X option or opening: " + running);
    }
}
