package dev.gpumagics.oom;

import static dev.gpumagics.oom.RecordedMessages.parsed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.GpuMemory;
import dev.gpumagics.look.MemoryReport;
import dev.gpumagics.vars.Holdings;
import dev.gpumagics.vars.MapVariables;
import dev.gpumagics.vars.NotebookVariables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The diagnosis never throws, says which part it could not read and why, and reads nothing it would have to load. */
class DiagnoserTest {

    private static final Holdings NO_VARIABLES = new Holdings(List.of(), Map.of(), Map.of(), Duration.ZERO);

    private static Diagnoser diagnoser(Supplier<MemoryReport> report, Supplier<Holdings> variables) {
        return new Diagnoser(report, variables, Optional::empty, RecordedReports::identity, Map::of, Clock.systemUTC());
    }

    @Test
    void partsThatFailAreNamedWithWhyAndTheRestIsStillDiagnosed() {
        Diagnoser broken = diagnoser(() -> {
            throw new IllegalStateException("NVML went away");
        }, () -> {
            throw new NoClassDefFoundError("org/bytedeco/pytorch/Tensor");
        });

        Diagnosis d = broken.diagnose(Optional.of(parsed("v2-no-process-capacty.txt")));

        assertEquals(List.of(new Missing(Missing.Part.DEVICE_NOW, "java.lang.IllegalStateException: NVML went away"),
                new Missing(Missing.Part.VARIABLES, "java.lang.NoClassDefFoundError: org/bytedeco/pytorch/Tensor")), d.missing());
        assertInstanceOf(Cause.CacheHeld.class, d.causes().get(0), "the failure's own figures still tell");
    }

    @Test
    void aGpuFailureWhereNoDriverAnswersSaysSo() {
        Diagnosis d = diagnoser(RecordedReports::noDriver, () -> NO_VARIABLES).diagnose(Optional.of(parsed("v1-reserved.txt")));
        assertEquals(Missing.Part.DEVICE_NOW, d.missing().get(0).part());
        assertTrue(d.missing().get(0).reason().startsWith("no NVIDIA driver found"), d.missing().toString());
    }

    @Test
    void aHostFailureWithoutADriverMissesNothing() {
        Diagnosis d = diagnoser(RecordedReports::noDriver, () -> NO_VARIABLES).diagnose(Optional.of(parsed("cpu-1x.txt")));
        assertEquals(List.of(), d.missing());
        assertTrue(d.took().compareTo(d.scanTook()) >= 0);
    }

    @Test
    void aThrowableWithoutAFailureIsThePresentState() {
        Diagnosis d = diagnoser(RecordedReports::noDriver, () -> NO_VARIABLES).diagnose(new IllegalStateException("boom"));
        assertEquals(Optional.empty(), d.failure());
    }

    /** The child: a diagnosis of a GPU failure in a JVM that never used torch, then the native libraries loaded. */
    public static final class Child {
        public static void main(String[] args) {
            Diagnoser diagnoser = GpuMemory.diagnoser(new MapVariables().put("numbers", new int[] {1, 2, 3}), Child.class::getClassLoader);
            Diagnosis d = diagnoser.diagnose(AllocationFailures.inMessage(RecordedMessages.read("v2-one-other-process.txt")));
            System.out.println(d.place().gpu() + " " + org.bytedeco.javacpp.Loader.getLoadedLibraries().keySet());
        }
    }

    @Test
    void theRealDiagnoserLoadsNoLibtorch() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Child.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.startsWith("true ["), out);
        assertTrue(!out.contains("torch") && !out.contains("c10"), "libtorch was loaded: " + out);
    }

    @Test
    void theRealDiagnoserOnThisMachineDiagnosesARealCpuFailure() {
        org.bytedeco.pytorch.Tensor held = org.bytedeco.pytorch.global.torch.ones(1024, 1024);
        try {
            MapVariables vars = new MapVariables().put("held", "Tensor", held);
            RuntimeException thrown = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> org.bytedeco.pytorch.global.torch.empty(1L << 43));
            Diagnosis d = GpuMemory.diagnoser(vars, DiagnoserTest.class::getClassLoader).diagnose(thrown);
            assertEquals(Source.CPU_ALLOCATOR, d.failure().orElseThrow().source());
            assertEquals(List.of(), d.missing());
            Cause.VariablesHold variables = d.cause(Cause.VariablesHold.class).orElseThrow();
            assertEquals("held", variables.largest().get(0).name());
            assertEquals(4L << 20, variables.largest().get(0).bytes());
        } finally {
            held.close();
        }
    }

    @Test
    void noVariablesNeedsNoLibtorch() {
        Diagnosis d = GpuMemory.diagnoser(NotebookVariables.none(), DiagnoserTest.class::getClassLoader).diagnose(Optional.empty());
        assertTrue(d.causes().stream().noneMatch(c -> c instanceof Cause.VariablesHold));
    }
}
