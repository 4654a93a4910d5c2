package dev.gpumagics.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.context.TouchWatch.ThreadTop;
import dev.gpumagics.context.checkpoint.BytesPerDevice;
import dev.gpumagics.context.checkpoint.CheckpointController;
import dev.gpumagics.context.checkpoint.Checkpointer;
import dev.gpumagics.context.checkpoint.ControllerReply;
import dev.gpumagics.context.checkpoint.Fixtures;
import dev.gpumagics.context.checkpoint.ModelDriver;
import dev.gpumagics.context.driver.CheckpointState;
import dev.gpumagics.probe.value.Probed;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.junit.jupiter.api.Test;

class TouchWatchTest {

    private static final ThreadTop SLEEPING = new ThreadTop(1, "main", "java.lang.Thread", "sleep0", true);
    private static final ThreadTop JAVA_WORK = new ThreadTop(2, "cell", "REPL.$JShell$12", "do_it$", false);
    private static final ThreadTop CUDA_COPY = new ThreadTop(2, "cell", "org.bytedeco.cuda.global.cudart", "cudaMemcpy", true);
    private static final ThreadTop TORCH_ADD = new ThreadTop(2, "cell", "org.bytedeco.pytorch.Tensor", "add", true);

    private static TouchWatch watch(int samples) {
        return new TouchWatch(List::of, Duration.ofMillis(10), samples, thread -> { });
    }

    @Test
    void aThreadThatStaysInTheSameLibraryNativeMethodTriggers() {
        TouchWatch watch = watch(3);

        assertEquals(Optional.empty(), watch.observe(List.of(SLEEPING, CUDA_COPY)));
        assertEquals(Optional.empty(), watch.observe(List.of(SLEEPING, CUDA_COPY)));
        Optional<String> trigger = watch.observe(List.of(SLEEPING, CUDA_COPY));

        assertEquals(Optional.of("org.bytedeco.cuda.global.cudart.cudaMemcpy (thread \"cell\")"), trigger);
    }

    @Test
    void jdkNativesAndJavaCodeNeverTrigger() {
        TouchWatch watch = watch(2);
        for (int i = 0; i < 10; i++) {
            assertEquals(Optional.empty(), watch.observe(List.of(SLEEPING, JAVA_WORK)));
        }
    }

    @Test
    void aThreadMovingBetweenCallsStartsCountingAgain() {
        TouchWatch watch = watch(2);

        assertEquals(Optional.empty(), watch.observe(List.of(CUDA_COPY)));
        assertEquals(Optional.empty(), watch.observe(List.of(TORCH_ADD)));
        assertEquals(Optional.empty(), watch.observe(List.of(JAVA_WORK)));
        assertEquals(Optional.empty(), watch.observe(List.of(TORCH_ADD)));
        assertTrue(watch.observe(List.of(TORCH_ADD)).orElseThrow().startsWith("org.bytedeco.pytorch.Tensor.add"));
    }

    @Test
    void theLiveSamplerSeesAThreadBlockedInAJdkNativeAsHarmless() throws Exception {
        Thread sleeper = new Thread(() -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sleeper");
        sleeper.start();
        try {
            Thread.sleep(100);
            ThreadTop top = TouchWatch.liveThreads().sample().stream()
                    .filter(t -> t.threadName().equals("sleeper")).findFirst().orElseThrow();
            assertEquals("java.lang.Thread", top.className());
            assertTrue(top.nativeMethod());
            assertEquals(false, TouchWatch.mayCallCuda(top));
        } finally {
            sleeper.interrupt();
            sleeper.join();
        }
    }

    /**
     * A real JNI call (OpenBLAS through JavaCPP) made while suspended stands in for a CUDA call
     * blocked on the driver's lock: the watch resumes the process and the kernel gets a notice.
     */
    @Test
    void aLongLibraryCallWhileSuspendedResumesTheProcess() throws Exception {
        ModelDriver model = new ModelDriver().withProcess(7);
        CheckpointController controller = Fixtures.controller(model);
        Checkpointer second = new Checkpointer() {
            @Override
            public ControllerReply suspend(long pid) {
                return controller.suspend(pid, 10_000);
            }

            @Override
            public ControllerReply resume(long pid, Optional<BytesPerDevice> need) {
                return controller.resume(pid, need);
            }

            @Override
            public ControllerReply state(long pid) {
                return controller.state(pid);
            }
        };
        GpuContext context = new GpuContext(7, second, new GpuContextTest.RecordingContextDriver(List.of(0)),
                Fixtures.footprint(Probed.present(1L << 30), Probed.present(1L << 30)), () -> false, () -> false,
                Clock.systemUTC(), GpuContextTest.watching(TouchWatch.liveThreads(), Duration.ofMillis(20), 2));
        assertInstanceOf(ContextOutcome.Suspended.class, context.suspend());

        AtomicBoolean stop = new AtomicBoolean();
        Thread cell = new Thread(() -> {
            int n = 700;
            double[] a = new double[n * n];
            double[] b = new double[n * n];
            double[] c = new double[n * n];
            java.util.Arrays.fill(a, 1.0);
            java.util.Arrays.fill(b, 2.0);
            while (!stop.get()) {
                openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                        openblas_nolapack.CblasNoTrans, n, n, n, 1.0, a, n, b, n, 0.0, c, n);
            }
        }, "cell");
        cell.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!(context.status() instanceof ContextStatus.Running) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            stop.set(true);
            cell.join();
        }

        assertInstanceOf(ContextStatus.Running.class, context.status());
        assertEquals(CheckpointState.RUNNING, model.states.get(7L));
        ContextOutcome.Resumed notice = assertInstanceOf(ContextOutcome.Resumed.class, context.takeNotice().orElseThrow());
        String trigger = notice.trigger().orElseThrow();
        assertTrue(trigger.contains("cblas_dgemm") && trigger.contains("\"cell\""), trigger);
        assertEquals(Optional.empty(), context.takeNotice());
    }
}
