package dev.gpumagics.context;

import dev.gpumagics.ThisProcess;
import dev.gpumagics.internal.cuda.CudaDriverApi;
import dev.gpumagics.probe.GpuProbes;
import dev.gpumagics.report.ContextText;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The process a GPU test parks: it holds device buffers with known contents and obeys one command
 * per stdin line, answering one stdout line each. Run by {@link ContextGpuTest} as a child JVM so a
 * hang or a crash costs that test, not the test run.
 */
public final class ParkedBuffersMain {

    private static final long CHUNK = 1L << 30;

    private ParkedBuffersMain() {}

    public static void main(String[] args) throws Exception {
        int gib = Integer.parseInt(args[0]);
        GpuContext context = ThisProcess.context(ParkedBuffersMain.class::getClassLoader);
        List<Pointer> buffers = new ArrayList<>();
        BytePointer host = new BytePointer(CHUNK);
        BytePointer copy = new BytePointer(CHUNK);
        long h2d = 0;
        for (int b = 0; b < gib; b++) {
            Pointer device = new Pointer();
            check("cudaMalloc", cudart.cudaMalloc(device, CHUNK));
            fill(host, b);
            long start = System.nanoTime();
            check("cudaMemcpy", cudart.cudaMemcpy(device, host, CHUNK, cudart.cudaMemcpyHostToDevice));
            h2d += System.nanoTime() - start;
            buffers.add(device);
        }
        long hostCopy = System.nanoTime();
        for (int b = 0; b < gib; b++) {
            Pointer.memcpy(copy, host, CHUNK); // the same number of bytes, host to host, pageable
        }
        hostCopy = System.nanoTime() - hostCopy;
        say("READY bytes=" + gib * CHUNK + " h2d_ns=" + h2d + " hostcopy_ns=" + hostCopy);

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            switch (line) {
                case "suspend" -> {
                    ContextOutcome outcome = context.suspend();
                    if (outcome instanceof ContextOutcome.Suspended s) {
                        say("SUSPENDED parked=" + s.parkedBytes().orElse(-1) + " after=" + s.bytesAfter().orElse(-1)
                                + " lock_ns=" + s.lock().toNanos() + " checkpoint_ns=" + s.checkpoint().toNanos()
                                + " total_ns=" + s.total().toNanos() + " | " + ContextText.of(outcome));
                    } else {
                        say("NOT-SUSPENDED " + ContextText.of(outcome));
                    }
                }
                case "resume" -> {
                    ContextOutcome outcome = context.resume();
                    if (outcome instanceof ContextOutcome.Resumed r) {
                        say("RESUMED restore_ns=" + r.restore().toNanos() + " unlock_ns=" + r.unlock().toNanos()
                                + " total_ns=" + r.total().toNanos() + " | " + ContextText.of(outcome));
                    } else {
                        say("NOT-RESUMED " + ContextText.of(outcome));
                    }
                }
                case "cpu" -> {
                    long start = System.nanoTime();
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    byte[] block = new byte[1 << 20];
                    while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3)) {
                        sha.update(block);
                    }
                    say("CPU status=" + context.status().getClass().getSimpleName());
                }
                case "nvml" -> {
                    // diagnosis of the recorded hang: NVML from the parked process itself, with a limit
                    long start = System.nanoTime();
                    CompletableFuture<String> query = CompletableFuture.supplyAsync(() -> GpuProbes.system().snapshot().isPresent() ? "answered" : "unavailable");
                    String answer;
                    try {
                        answer = query.get(20, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        answer = "no-answer-in-20s";
                    }
                    say("NVML " + answer + " ms=" + (System.nanoTime() - start) / 1_000_000 + " status=" + context.status().getClass().getSimpleName()
                            + context.takeNotice().map(n -> " | " + ContextText.of(n)).orElse(""));
                }
                case "touch" -> {
                    // a CUDA call while parked: it must come back (resumed on touch), never hang
                    long start = System.nanoTime();
                    int status = cudart.cudaMemcpy(copy, buffers.get(0), 4096, cudart.cudaMemcpyDeviceToHost);
                    say("TOUCHED status=" + status + " ms=" + (System.nanoTime() - start) / 1_000_000 + " now="
                            + context.status().getClass().getSimpleName() + context.takeNotice().map(n -> " | " + ContextText.of(n)).orElse(""));
                }
                case "verify" -> {
                    int wrong = 0;
                    for (int b = 0; b < buffers.size(); b++) {
                        fill(host, b);
                        check("cudaMemcpy", cudart.cudaMemcpy(copy, buffers.get(b), CHUNK, cudart.cudaMemcpyDeviceToHost));
                        if (Pointer.memcmp(copy, host, CHUNK) != 0) {
                            wrong++;
                        }
                    }
                    say("VERIFY buffers=" + buffers.size() + " wrong=" + wrong);
                }
                case "reset" -> say("RESET " + ContextText.of(context.reset()));
                case "malloc-after-reset" -> {
                    Pointer device = new Pointer();
                    int malloc = cudart.cudaMalloc(device, CHUNK);
                    fill(host, 7);
                    int up = cudart.cudaMemcpy(device, host, CHUNK, cudart.cudaMemcpyHostToDevice);
                    int down = cudart.cudaMemcpy(copy, device, CHUNK, cudart.cudaMemcpyDeviceToHost);
                    boolean same = Pointer.memcmp(copy, host, CHUNK) == 0;
                    say("AFTER-RESET malloc=" + malloc + " up=" + up + " down=" + down + " same=" + same
                            + " contexts=" + new CudaDriverApi().devicesWithContext().asOptional().orElse(List.of()));
                }
                case "exit" -> {
                    say("BYE");
                    System.exit(0);
                }
                default -> say("UNKNOWN " + line);
            }
        }
    }

    /** Byte i of buffer b: a pattern that differs per buffer and per position. */
    private static void fill(BytePointer host, int buffer) {
        java.nio.LongBuffer words = host.position(0).limit(CHUNK).asByteBuffer().order(java.nio.ByteOrder.nativeOrder()).asLongBuffer();
        for (int i = 0; i < words.capacity(); i++) {
            words.put(i, i * 0x9E3779B97F4A7C15L + buffer);
        }
    }

    private static void check(String call, int status) {
        if (status != 0) {
            say("ERROR " + call + " returned " + status);
            System.exit(3);
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
