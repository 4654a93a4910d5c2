package dev.gpumagics.gpu;

import dev.gpumagics.GpuMemory;
import dev.gpumagics.internal.cuda.DriverLibraries;
import dev.gpumagics.look.ReportOptions;
import dev.gpumagics.probe.CudaContextProbe;
import dev.gpumagics.probe.value.CudaDevice;
import dev.gpumagics.probe.value.Probed;
import java.util.List;

/**
 * Run in a fresh JVM by the GPU tests: takes two reports as %gpumem does, then says how many primary
 * contexts this process holds and waits for a line on stdin, so the parent can look at NVML meanwhile.
 */
public final class ReportOnceMain {

    private ReportOnceMain() {}

    public static void main(String[] args) throws Exception {
        GpuMemory memory = GpuMemory.forThisProcess();
        memory.report(ReportOptions.ALL);
        memory.report(ReportOptions.ALL);
        Probed<List<CudaDevice>> devices = new CudaContextProbe(DriverLibraries.system()).devices();
        System.out.println("contexts=" + devices.map(all -> Long.toString(all.stream().filter(CudaDevice::primaryContextActive).count()))
                .asOptional().orElse("unknown"));
        System.out.flush();
        System.in.read();
    }
}
