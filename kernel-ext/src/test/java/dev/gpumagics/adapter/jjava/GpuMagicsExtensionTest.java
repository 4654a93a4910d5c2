package dev.gpumagics.adapter.jjava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import jdk.jshell.EvalException;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JJava extension against the real jjava-jupyter 1.0-a6, in {@link TestJJavaKernel}, over real JShell and libtorch CPU tensors. */
class GpuMagicsExtensionTest {

    private final TestJJavaKernel kernel = TestJJavaKernel.start();

    @AfterEach
    void close() {
        kernel.close();
    }

    private String lastShown() {
        return (String) kernel.shown.get(kernel.shown.size() - 1).getData(MIMEType.TEXT_PLAIN);
    }

    /** JJava's traceback for a failed cell: jjava-jupyter's rule line, then the trace, JShell's class replaced by the real one. */
    private static List<String> jjavaTraceback(EvalException e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        List<String> lines = new ArrayList<>();
        lines.add("---------------------------------------------------------------------------");
        trace.toString().lines().map(line -> line.replace(EvalException.class.getName(), e.getExceptionClassName())).forEach(lines::add);
        return lines;
    }

    @Test
    void serviceLoaderFindsItThroughTheServicesFile() throws Exception {
        List<String> found = ServiceLoader.load(Extension.class).stream().map(p -> p.type().getName()).toList();
        assertEquals(List.of(GpuMagicsExtension.class.getName()), found);
        assertEquals(GpuMagicsExtension.class.getName(),
                Files.readString(Path.of("target/classes/META-INF/services/org.dflib.jjava.jupyter.Extension")).strip());
    }

    @Test
    void jjavaInstallsItAtStartupWithEveryGpuMagic() {
        assertEquals(List.of(GpuMagicsExtension.class.getName()), kernel.installedExtensions());
        assertTrue(kernel.getMagicsRegistry().getLineMagicNames()
                .containsAll(List.of("gpumem", "gpufree", "gpugc", "gpususpend", "gpuresume", "gpureset")),
                kernel.getMagicsRegistry().getLineMagicNames().toString());
    }

    @Test
    void jarsAddedLaterAreSearchedAgainAndItStaysInstalledOnce(@TempDir Path dir) throws Exception {
        Path jar = Files.createDirectories(dir.resolve("lib"));
        kernel.addToClasspath(jar.toString());
        assertEquals(2, kernel.installing.stream().filter(GpuMagicsExtension.class::isInstance).count(),
                "found at start-up and again when the classpath grew");
        assertEquals(List.of(GpuMagicsExtension.class.getName()), kernel.installedExtensions());
    }

    @Test
    void gpumemAndGpufreeWorkOnTheNotebooksTensors() throws Exception {
        kernel.run("import org.bytedeco.pytorch.*; import static org.bytedeco.pytorch.global.torch.*;");
        kernel.run("Tensor weights = ones(256, 256);");
        kernel.run("Tensor row = weights.get(0);");
        kernel.run("int epochs = 3;");

        kernel.run("%gpumem --vars --no-procs");
        assertTrue(((String) kernel.shown.get(0).getData(MIMEType.TEXT_PLAIN)).startsWith("GPU memory at "));
        assertTrue(kernel.shown.get(0).getData(MIMEType.TEXT_HTML).toString().contains("gpumagics-report"));
        String table = lastShown();
        assertTrue(table.startsWith("2 of 3 variables hold tensors: 256 KiB in 1 storage"), table);
        assertTrue(table.contains("  weights   Tensor"), table);

        kernel.run("%gpufree weights row");
        assertTrue(lastShown().startsWith("gpufree: reclaimed 256 KiB from 2 variables"), lastShown());
        assertEquals("true", kernel.run("weights == null && row == null"));
        assertEquals("3", kernel.run("epochs"));

        kernel.run("%gpumem --json --vars --no-procs");
        assertEquals("com.google.gson.JsonObject", kernel.shown.get(kernel.shown.size() - 1).getData(MIMEType.APPLICATION_JSON).getClass().getName());
    }

    @Test
    void scansCompileNothing() throws Exception {
        for (int i = 0; i < 12; i++) {
            kernel.run("org.bytedeco.pytorch.Tensor t" + i + " = org.bytedeco.pytorch.global.torch.ones(16);");
        }
        kernel.evalRawCalls = 0;
        kernel.run("%gpufree --all --dry-run");
        kernel.run("org.bytedeco.pytorch.Tensor t12 = org.bytedeco.pytorch.global.torch.ones(16);");
        kernel.run("%gpumem --vars --no-procs");
        assertEquals(1, kernel.evalRawCalls, "one evaluation in all, the first time, for JShell's class loader");
        assertTrue(lastShown().startsWith("13 of 13 variables hold tensors"), lastShown());
    }

    @Test
    void badInputIsOneLineAndTheCellStillFails() {
        EvalException failed = assertThrows(EvalException.class, () -> kernel.run("%gpufree nosuchvar"));

        assertEquals(List.of("---------------------------------------------------------------------------",
                "dev.gpumagics.adapter.jshell.MagicRefused: gpufree: no variable named nosuchvar; nothing was freed"),
                jjavaTraceback(failed));
    }

    @Test
    void resetsHintWithoutADriverIsItsOwn() throws Exception {
        String answer;
        try {
            kernel.run("%gpureset");
            answer = lastShown();
        } catch (EvalException refused) { // without a driver the reset did not happen: the cell fails, in one line
            answer = String.join("\n", jjavaTraceback(refused));
        }
        if (answer.contains("no usable NVIDIA driver")) {
            assertTrue(answer.endsWith("(on a GPU server, install the NVIDIA driver)"), answer);
        }
    }
}
