package dev.gpumagics.gpu;

import dev.gpumagics.ThisProcess;
import dev.gpumagics.context.ContextStatus;
import dev.gpumagics.context.GpuContext;
import dev.gpumagics.idle.ActivityMeter;
import dev.gpumagics.idle.IdlePolicy;
import dev.gpumagics.idle.IdleSteps;
import dev.gpumagics.idle.IdleWatch;
import dev.gpumagics.idle.WhileIdle;
import dev.gpumagics.internal.cuda.DriverLibraries;
import dev.gpumagics.probe.GpuWorkProbe;
import dev.gpumagics.release.MemoryRelease;
import dev.gpumagics.report.IdleText;
import dev.gpumagics.vars.NotebookVariables;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The process {@link IdleGpuTest} lets go idle, in a JVM of its own: it holds 1 GiB on the device with a known byte,
 * first computes on the GPU (cudaMemset in a loop) and reads NVML's per-process utilization, then with the idle policy's
 * suspend step at 3 s ends its "cell" and waits to be parked; the next "cell" resumes it and checks the bytes. One line
 * on stdout for each step.
 */
public final class IdleParkMain {

    private static final long SIZE = 1L << 30;

    private IdleParkMain() {}

    public static void main(String[] args) throws Exception {
        Pointer device = new Pointer();
        check("cudaMalloc", cudart.cudaMalloc(device, SIZE));
        check("cudaMemset", cudart.cudaMemset(device, 0x5a, SIZE));
        check("cudaDeviceSynchronize", cudart.cudaDeviceSynchronize());
        long pid = ProcessHandle.current().pid();
        GpuWorkProbe work = new GpuWorkProbe(DriverLibraries.system());

        long busySince = System.currentTimeMillis() * 1000;
        AtomicBoolean computing = new AtomicBoolean(true);
        Thread loop = new Thread(() -> {
            while (computing.get()) {
                cudart.cudaMemset(device, 0x5a, SIZE);
                cudart.cudaDeviceSynchronize();
            }
        }, "memset-loop");
        loop.start();
        Thread.sleep(3000);
        computing.set(false);
        loop.join();
        System.out.println("WORK " + work.smPercentSince(pid, busySince));
        Thread.sleep(3000);
        System.out.println("QUIET " + work.smPercentSince(pid, System.currentTimeMillis() * 1000 - 2_000_000));

        GpuContext context = ThisProcess.context(IdleParkMain.class::getClassLoader);
        IdleWatch watch = new IdleWatch(new IdlePolicy(Optional.of(Duration.ofSeconds(1)), Optional.of(Duration.ofSeconds(3))),
                IdleSteps.of(MemoryRelease.of(NotebookVariables.none()), context), new ActivityMeter(IdleParkMain.class::getClassLoader,
                GpuContext::ifCreated), Clock.systemUTC(), () -> { });
        watch.cellStarts();
        watch.cellEnds();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!(context.status() instanceof ContextStatus.Suspended) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        System.out.println("STATUS " + context.status() + " " + watch.status().sinceLastCell());
        Optional<WhileIdle> told = watch.cellStarts();
        BytePointer host = new BytePointer(1 << 20);
        check("cudaMemcpy", cudart.cudaMemcpy(host, device.position(SIZE - (1 << 20)), 1 << 20, cudart.cudaMemcpyDeviceToHost));
        boolean intact = true;
        for (int i = 0; i < 1 << 20; i++) {
            intact &= host.get(i) == 0x5a;
        }
        System.out.println("TOLD " + told.map(story -> IdleText.story(story, ZoneOffset.UTC)).orElse("nothing") + " | intact=" + intact
                + " status=" + context.status());
        watch.close();
    }

    private static void check(String call, int status) {
        if (status != 0) {
            throw new IllegalStateException(call + " returned " + status);
        }
    }
}
