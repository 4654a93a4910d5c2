package dev.gpumagics.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.gpu.ChildJvm;
import dev.gpumagics.gpu.GpuTest;
import dev.gpumagics.probe.GpuProbes;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.ProcessUsage;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.junit.jupiter.api.Test;

/**
 * Issue 5 on a real GPU: a child JVM holds 4 GiB of device buffers with known contents; it is parked
 * by its own %gpususpend path (GpuContext, the helper JVM, the driver), checked from here through
 * NVML, kept busy on the CPU, resumed and verified byte for byte. Figures go to $OUT/context-figures.txt.
 */
@GpuTest
class ContextGpuTest {

    private static final int GIB = 4;

    @Test
    void fourGibSuspendToZeroStaySuspendedThroughCpuWorkAndResumeIntact() throws Exception {
        // every figure is recorded as soon as it is known, so a failure late in the run keeps the early ones
        List<String> record = new ArrayList<>();
        record.add("## suspend/resume (" + GIB + " cudaMalloc buffers of 1 GiB)");
        try (Child child = new Child(GIB)) {
            String readyLine = child.await("READY", 120);
            Map<String, Long> ready = child.figures(readyLine);
            long bytes = ready.get("bytes");
            record.add(line("host-to-host memcpy of the same size", bytes, ready.get("hostcopy_ns")));
            record.add(line("cudaMemcpy host-to-device (pageable) of the same size", bytes, ready.get("h2d_ns")));
            Seen before = Seen.now(child.pid());
            record.add("nvml before: " + before);
            assertTrue(before.heldSince(null) >= bytes, "NVML before suspending: " + before + "; expected at least " + bytes + " B");

            String suspended = child.ask("suspend", "SUSPENDED", 300);
            record.add("suspend said: " + suspended);
            Map<String, Long> s = child.figures(suspended);
            record.add(line("checkpoint (driver call)", bytes, s.get("checkpoint_ns")));
            record.add(line("suspend as the kernel waits (helper JVM start, NVML, lock, checkpoint)", bytes, s.get("total_ns")));
            record.add("lock: " + s.get("lock_ns") / 1_000_000 + " ms");
            Seen parked = Seen.now(child.pid());
            record.add("nvml while parked: " + parked);
            if (before.listed()) {
                assertEquals(0, parked.row().orElse(0), "NVML shows the parked process holding bytes: " + suspended);
            } else {
                assertTrue(before.devicesUsed() - parked.devicesUsed() >= bytes, "the devices' used memory did not drop by " + bytes + " B");
            }

            String cpu = child.ask("cpu", "CPU", 60);
            record.add("CPU work while parked: " + cpu);
            assertEquals("CPU status=Suspended", cpu, "CPU work must not resume it");
            Seen afterCpu = Seen.now(child.pid());
            assertTrue(afterCpu.heldSince(parked) < (64L << 20), "still parked after CPU work: " + afterCpu);

            String nvml = child.ask("nvml", "NVML", 60);
            record.add("hang diagnosis, NVML queried by the parked process: " + nvml);

            // the watch may have resumed it to let a blocked NVML query through: then there is nothing to resume
            String resumed = nvml.contains("status=Suspended") ? child.ask("resume", "RESUMED", 300)
                    : "(already resumed by the NVML diagnosis: " + nvml + ")";
            record.add("resume said: " + resumed);
            Map<String, Long> r = child.figures(resumed);
            record.add(line("restore (driver call)", bytes, r.getOrDefault("restore_ns", 0L)));
            record.add(line("resume as the kernel waits", bytes, r.getOrDefault("total_ns", 0L)));
            record.add("unlock: " + r.getOrDefault("unlock_ns", 0L) / 1_000_000 + " ms");
            Seen after = Seen.now(child.pid());
            record.add("nvml after resume: " + after);
            assertTrue(after.heldSince(parked) >= bytes, "the device memory is back after resume: " + after);
            String verified = child.ask("verify", "VERIFY", 300);
            record.add("after resume: " + verified);
            assertEquals("VERIFY buffers=" + GIB + " wrong=0", verified);

            child.ask("suspend", "SUSPENDED", 300);
            String touched = child.ask("touch", "TOUCHED", 120);
            record.add("GPU call while parked: " + touched);
            assertTrue(touched.startsWith("TOUCHED status=0") && touched.contains("now=Running"), touched);
            String verifiedAgain = child.ask("verify", "VERIFY", 300);
            record.add("after resume on touch: " + verifiedAgain);
            assertEquals("VERIFY buffers=" + GIB + " wrong=0", verifiedAgain);

            // others take the memory it gave back: the resume must be refused, not tried (NVIDIA/cuda-checkpoint#44)
            child.ask("suspend", "SUSPENDED", 300);
            Pointer filler = fillDeviceLeaving(bytes / 2);
            try {
                String noRoom = child.ask("resume", "NOT-RESUMED", 120);
                record.add("resume with half the room taken by another process: " + noRoom);
                assertTrue(noRoom.contains("free and process " + child.pid() + " needs"), noRoom);
            } finally {
                cudart.cudaFree(filler);
            }
            String afterRoom = child.ask("resume", "RESUMED", 300);
            record.add("resume once the room is back: " + afterRoom);
            String verifiedAfterRoom = child.ask("verify", "VERIFY", 300);
            record.add("after the refused and the later resume: " + verifiedAfterRoom);
            assertEquals("VERIFY buffers=" + GIB + " wrong=0", verifiedAfterRoom);

            // diagnosis: does a JVM exit normally while parked, or does libcuda's exit code wait on the lock?
            child.ask("suspend", "SUSPENDED", 300);
            record.add("System.exit while parked: " + child.exitWithin(20));
        } catch (Throwable failure) {
            record.add("FAILED: " + failure);
            throw failure;
        } finally {
            figures(record);
        }
    }

    @Test
    void resetFreesTheContextOfAProcessWithoutLibtorchAndCudaWorksAfter() throws Exception {
        try (Child child = new Child(1)) {
            child.await("READY", 120);
            Seen before = Seen.now(child.pid());
            String reset = child.ask("reset", "RESET", 60);
            Seen after = Seen.now(child.pid());
            String again = child.ask("malloc-after-reset", "AFTER-RESET", 60);
            figures(List.of("## %gpureset", "nvml before: " + before + "; after: " + after, reset, again));

            assertTrue(reset.startsWith("RESET Reset: destroyed"), reset);
            if (before.listed()) {
                assertEquals(0, after.row().orElse(0), "NVML after %gpureset: " + reset);
            } else {
                assertTrue(before.devicesUsed() - after.devicesUsed() >= (1L << 30), "the devices' used memory after %gpureset: " + after);
            }
            assertTrue(again.startsWith("AFTER-RESET malloc=0 up=0 down=0 same=true contexts=[0"), again);
        }
    }

    /** Allocates device 0's memory in this JVM until about {@code leave} bytes are free; the caller frees it. */
    private static Pointer fillDeviceLeaving(long leave) {
        assertEquals(0, cudart.cudaSetDevice(0));
        assertEquals(0, cudart.cudaFree(null), "a context in this JVM, before measuring what is free");
        try (SizeTPointer free = new SizeTPointer(1); SizeTPointer total = new SizeTPointer(1)) {
            assertEquals(0, cudart.cudaMemGetInfo(free, total));
            long take = free.get() - leave;
            assertTrue(take > 0, "device 0 has only " + free.get() + " B free");
            Pointer filler = new Pointer();
            assertEquals(0, cudart.cudaMalloc(filler, take), "cudaMalloc of " + take + " B");
            return filler;
        }
    }

    /**
     * What NVML shows of the child: its own rows, and all devices' used memory. In a container NVML may
     * list host pids, so the child's pid is missing even while it holds memory; then what the child
     * holds is read from how the devices' used memory changed.
     */
    private record Seen(OptionalLong row, long devicesUsed) {

        static Seen now(long pid) {
            GpuSnapshot snapshot = GpuProbes.system().snapshot().asOptional().orElseThrow();
            List<ProcessUsage> rows = snapshot.processes().stream().filter(p -> p.isPid(pid)).toList();
            OptionalLong row = rows.isEmpty() ? OptionalLong.empty()
                    : OptionalLong.of(rows.stream().mapToLong(p -> p.usedBytes().orElse(0)).sum());
            return new Seen(row, snapshot.devices().stream().filter(d -> !d.id().isMig()).mapToLong(d -> d.usedBytes().orElse(0)).sum());
        }

        boolean listed() {
            return row.isPresent();
        }

        /** The child's bytes: its row where listed (none listed while parked is 0), else the devices' use above {@code reference}'s. */
        long heldSince(Seen reference) {
            if (row.isPresent() || reference != null && reference.listed()) {
                return row.orElse(0);
            }
            return reference == null ? devicesUsed : devicesUsed - reference.devicesUsed;
        }

        @Override
        public String toString() {
            return "pid's row " + (row.isPresent() ? row.getAsLong() + " B" : "not listed") + ", devices' used " + devicesUsed + " B";
        }
    }

    private static String line(String what, long bytes, long nanos) {
        if (nanos <= 0) {
            return what + ": not measured in this run";
        }
        return String.format(Locale.ROOT, "%s: %.3f s, %.2f GB/s", what, nanos / 1e9, bytes / (nanos / 1e9) / 1e9);
    }

    private static void figures(List<String> lines) throws IOException {
        String out = System.getenv("OUT");
        Path file = Path.of(out != null ? out : "target", "context-figures.txt");
        Files.createDirectories(file.getParent());
        lines.forEach(System.out::println);
        Files.write(file, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Files.writeString(file, "\n", StandardOpenOption.APPEND);
    }

    /** The child JVM; every wait has a limit, and closing it kills it. */
    static final class Child implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final PrintWriter in;
        private final List<String> seen = new ArrayList<>();

        Child(int gib) throws IOException {
            process = new ProcessBuilder(command(gib)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        /**
         * The child's command line. JavaCPP refuses host allocations beyond -Xmx by default, and the child
         * holds two 1 GiB host buffers beside a 512 MiB heap, so its limits are lifted.
         */
        static List<String> command(int gib) {
            return ChildJvm.command(ParkedBuffersMain.class, List.of("-Xmx512m",
                    "-Dorg.bytedeco.javacpp.maxBytes=0", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0"), Integer.toString(gib));
        }

        long pid() {
            return process.pid();
        }

        String ask(String command, String answer, int seconds) throws Exception {
            in.println(command);
            return await(answer, seconds);
        }

        String await(String answer, int seconds) throws Exception {
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try {
                    return String.valueOf(out.readLine());
                } catch (IOException e) {
                    return "IOException " + e.getMessage();
                }
            });
            String got;
            try {
                got = line.get(seconds, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("no answer '" + answer + "' within " + seconds + " s; so far: " + seen);
            }
            seen.add(got);
            assertTrue(got.startsWith(answer), "expected " + answer + ", got: " + got + "; so far: " + seen);
            return got;
        }

        Map<String, Long> figures(String line) {
            Map<String, Long> figures = new LinkedHashMap<>();
            for (String token : line.split(" ")) {
                int eq = token.indexOf('=');
                if (eq > 0) {
                    try {
                        figures.put(token.substring(0, eq), Long.parseLong(token.substring(eq + 1)));
                    } catch (NumberFormatException e) {
                        // words, not figures
                    }
                }
            }
            return figures;
        }

        /** Asks it to exit and says how that went; kills it after the limit. */
        String exitWithin(int seconds) throws Exception {
            long start = System.nanoTime();
            in.println("exit");
            boolean exited = process.waitFor(seconds, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (!exited) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return "did not exit within " + seconds + " s; killed (SIGKILL), gone=" + !process.isAlive();
            }
            return "exited in " + millis + " ms with status " + process.exitValue();
        }

        @Override
        public void close() throws Exception {
            if (!process.isAlive()) {
                return;
            }
            in.println("exit");
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
