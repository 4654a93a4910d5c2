package dev.gpumagics.gpu;

import dev.gpumagics.internal.DriverLibraries;
import dev.gpumagics.internal.DriverLibraries.Library;
import dev.gpumagics.oom.AllocationFailure;
import dev.gpumagics.oom.AllocationFailures;
import dev.gpumagics.oom.Diagnoser;
import dev.gpumagics.oom.Diagnosis;
import dev.gpumagics.report.DiagnosisJson;
import dev.gpumagics.report.DiagnosisText;
import dev.gpumagics.report.JsonReport;
import dev.gpumagics.vars.NotebookVariables;
import java.util.Optional;
import java.util.OptionalLong;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * Run in a fresh JVM by {@link OutOfMemoryGpuTest}: holds 1 GiB of its own, asks cudaMalloc for 1 GiB more than is
 * free, and prints the code, the figures and the diagnosis of that failure (text, then JSON). Without a driver it
 * says so and diagnoses the present state, so that starting it is checked on every build.
 */
public final class OutOfMemoryMain {

    private static final long GIB = 1L << 30;

    private OutOfMemoryMain() {}

    public static void main(String[] args) {
        Diagnoser diagnoser = Diagnoser.of(NotebookVariables.none(), OutOfMemoryMain.class::getClassLoader);
        Optional<Library> missing = DriverLibraries.system().firstMissing(Library.DRIVER, Library.CUDART);
        if (missing.isPresent()) {
            System.out.println("cuda=unavailable " + missing.get().soname());
            print(diagnoser.diagnose(Optional.empty()));
            return;
        }
        Pointer held = new Pointer();
        System.out.println("held=" + cudart.cudaMalloc(held, GIB));
        try (SizeTPointer free = new SizeTPointer(1); SizeTPointer total = new SizeTPointer(1)) {
            cudart.cudaMemGetInfo(free, total);
            long request = free.get() + GIB;
            Pointer refused = new Pointer();
            int error = cudart.cudaMalloc(refused, request);
            cudart.cudaGetLastError();
            System.out.println("error=" + error + " requested=" + request + " free=" + free.get() + " total=" + total.get());
            Optional<AllocationFailure> failure = AllocationFailures.ofRuntimeCall("cudaMalloc", error, OptionalLong.of(request));
            print(diagnoser.diagnose(failure));
        } finally {
            cudart.cudaFree(held);
        }
    }

    private static void print(Diagnosis diagnosis) {
        System.out.println("--- diagnosis");
        System.out.print(DiagnosisText.render(diagnosis));
        System.out.println("--- json");
        System.out.println(JsonReport.text(DiagnosisJson.tree(diagnosis)));
        System.out.flush();
    }
}
