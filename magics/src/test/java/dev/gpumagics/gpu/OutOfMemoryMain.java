package dev.gpumagics.gpu;

import dev.gpumagics.GpuMemory;
import dev.gpumagics.internal.cuda.DriverLibraries.Library;
import dev.gpumagics.internal.cuda.DriverLibraries;
import dev.gpumagics.oom.AllocationFailure;
import dev.gpumagics.oom.AllocationFailures;
import dev.gpumagics.oom.Diagnoser;
import dev.gpumagics.oom.Diagnosis;
import dev.gpumagics.probe.CudaContextProbe;
import dev.gpumagics.probe.value.CudaDevice;
import dev.gpumagics.probe.value.Probed;
import dev.gpumagics.report.DiagnosisJson;
import dev.gpumagics.report.DiagnosisText;
import dev.gpumagics.report.JsonReport;
import dev.gpumagics.vars.NotebookVariables;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * Run in a fresh JVM by {@link OutOfMemoryGpuTest}: holds 1 GiB of its own, asks cudaMalloc for 1 GiB more than is
 * free, and prints the code, the figures and the diagnosis of that failure (text, then JSON). Without a driver it
 * says so and diagnoses the present state, so that starting it is checked on every build. With the argument
 * {@code recorded} it touches no CUDA itself: it diagnoses a recorded PyTorch 2.x failure, then says how many primary
 * contexts the process holds and waits for a line on stdin, so the parent can look at NVML meanwhile.
 */
public final class OutOfMemoryMain {

    private static final long GIB = 1L << 30;

    private OutOfMemoryMain() {}

    public static void main(String[] args) {
        Diagnoser diagnoser = GpuMemory.diagnoser(NotebookVariables.none(), OutOfMemoryMain.class::getClassLoader);
        if (args.length > 0 && args[0].equals("recorded")) {
            diagnoseRecorded(diagnoser);
            return;
        }
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

    private static void diagnoseRecorded(Diagnoser diagnoser) {
        String message = "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 148.00 MiB. GPU 0 has a total capacity of"
                + " 79.25 GiB of which 11.19 MiB is free. Process 2635308 has 62.69 GiB memory in use. Including non-PyTorch memory,"
                + " this process has 16.54 GiB memory in use. Of the allocated memory 15.94 GiB is allocated by PyTorch, and 205.65 MiB"
                + " is reserved by PyTorch but unallocated.";
        Diagnosis d = diagnoser.diagnose(AllocationFailures.inMessage(message));
        Probed<List<CudaDevice>> devices = new CudaContextProbe(DriverLibraries.system()).devices();
        System.out.println("causes=" + d.causes().size() + " contexts=" + devices
                .map(all -> Long.toString(all.stream().filter(CudaDevice::primaryContextActive).count())).asOptional().orElse("unknown"));
        System.out.flush();
        try {
            System.in.read();
        } catch (java.io.IOException e) {
            // the parent is gone: nothing to wait for
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
