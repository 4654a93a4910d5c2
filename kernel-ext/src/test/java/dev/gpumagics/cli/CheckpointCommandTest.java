package dev.gpumagics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpumagics.context.checkpoint.CheckpointController;
import dev.gpumagics.context.checkpoint.DeviceFootprint;
import dev.gpumagics.context.checkpoint.ProcessOwners;
import dev.gpumagics.context.driver.CheckpointDriver;
import dev.gpumagics.context.driver.CheckpointState;
import dev.gpumagics.context.driver.DriverCall;
import dev.gpumagics.probe.value.Probed;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CheckpointCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int main(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errLine() {
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), text);
        return text.strip();
    }

    @Test
    void theVerbsAreBoundAndListed() {
        assertEquals(0, main("--help"));
        String usage = out.toString(StandardCharsets.UTF_8);
        assertTrue(usage.contains("suspend --pid N") && usage.contains("resume --pid N"), usage);
    }

    @Test
    void badArgumentsGetOneLineAndStatus2() {
        assertEquals(2, main("suspend"));
        assertEquals("gpumagics suspend: which process? Usage: java -jar gpumagics.jar suspend --pid N", errLine());
        err.reset();
        assertEquals(2, main("resume", "--pid", "twelve"));
        assertEquals("gpumagics resume: not a process id: twelve", errLine());
    }

    @Test
    void aMissingProcessIsRefused() {
        assertEquals(1, main("suspend", "--pid", Integer.toString(Integer.MAX_VALUE)));
        assertEquals("gpumagics suspend: no process " + Integer.MAX_VALUE, errLine());
    }

    /** Real processes that look like the two kinds of GpuMagics kernel, by their command line and their environment. */
    @Test
    void aGpuMagicsKernelIsToldToUseItsOwnMagicBeforeAnyDriverCall() throws Exception {
        // "; exit 0" keeps the shell from exec-ing sleep, which would replace the command line under test
        Process ours = new ProcessBuilder("/bin/sh", "-c", "sleep 30; exit 0", "/home/u/.local/share/jupyter/kernels/gpumagics-java/gpumagics.jar",
                "kernel").start();
        ProcessBuilder ijava = new ProcessBuilder("sleep", "30");
        ijava.environment().put("IJAVA_CLASSPATH", "/opt/lib:/home/u/.local/share/jupyter/kernels/java/gpumagics.jar");
        Process addOn = ijava.start();
        Process plain = new ProcessBuilder("sleep", "30").start();
        try {
            for (Process kernel : List.of(ours, addOn)) {
                err.reset();
                assertEquals(1, main("suspend", "--pid", Long.toString(kernel.pid())));
                assertEquals("gpumagics suspend: process " + kernel.pid() + " is a Jupyter kernel with GpuMagics: run %gpususpend in its"
                        + " notebook instead, so that the kernel knows it is parked and a cell that touches the GPU resumes it rather"
                        + " than waits for good", errLine());
            }
            err.reset();
            main("suspend", "--pid", Long.toString(plain.pid()));
            String line = errLine();
            // not a kernel: the driver's answer (none here; with one, sleep has no CUDA state to park)
            assertTrue(line.startsWith("gpumagics suspend: no usable NVIDIA driver")
                    || line.startsWith("gpumagics suspend: process " + plain.pid() + " has no CUDA state"), line);
        } finally {
            for (Process process : List.of(ours, addOn, plain)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** A thread's id opens /proc/TID as well, and the driver would reach the whole process through it. */
    @Test
    void aThreadsIdIsRefusedWithItsProcesssId() throws Exception {
        long self = ProcessHandle.current().pid();
        long thread;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            thread = tasks.map(task -> Long.parseLong(task.getFileName().toString())).filter(tid -> tid != self)
                    .findFirst().orElseThrow();
        }

        assertEquals(1, main("suspend", "--pid", Long.toString(thread)));
        assertEquals("gpumagics suspend: " + thread + " is a thread of process " + self + ", not a process (give the process's id: --pid "
                + self + ")", errLine());
    }

    /** A real process of another user, checked through the real /proc, before any driver call. */
    @Test
    void anotherUsersProcessIsRefused() throws Exception {
        ProcessOwners owners = ProcessOwners.proc();
        Process other = null;
        long pid;
        if (owners.ownUid() == 0) {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv to start a process as another user");
            other = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sleep", "30").start();
            pid = other.pid();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!owners.uidOf(pid).equals(Probed.present(65534)) && System.nanoTime() < deadline) {
                Thread.sleep(20); // setpriv changes uid, then execs sleep
            }
        } else {
            pid = 1; // init belongs to root
        }
        try {
            int otherUid = owners.uidOf(pid).asOptional().orElseThrow();
            assertEquals(1, main("resume", "--pid", Long.toString(pid)));
            assertEquals("gpumagics resume: process " + pid + " belongs to uid " + otherUid + ", not to you (uid " + owners.ownUid()
                    + "): GpuMagics suspends and resumes only your own processes", errLine());
        } finally {
            if (other != null) {
                other.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void ownProcessOnThisMachineGetsTheDriversAnswer() {
        long self = ProcessHandle.current().pid();
        assertEquals(1, main("suspend", "--pid", Long.toString(self)));
        String line = errLine();
        // no driver here; with one, this JVM has no CUDA state to park
        assertTrue(line.startsWith("gpumagics suspend: no usable NVIDIA driver: ") || line.startsWith("gpumagics suspend: process " + self + " has no CUDA state"), line);
    }

    @Test
    void aSuspendAndResumeThatWorkPrintTheirLineOnStdout() {
        CheckpointState[] state = {CheckpointState.RUNNING};
        CheckpointDriver driver = new CheckpointDriver() {
            @Override public Probed<Integer> driverVersion() { return Probed.present(13000); }
            @Override public Probed<CheckpointState> state(long pid) { return Probed.present(state[0]); }
            @Override public DriverCall lock(long pid, int timeoutMillis) { state[0] = CheckpointState.LOCKED; return DriverCall.SUCCESS; }
            @Override public DriverCall checkpoint(long pid) { state[0] = CheckpointState.CHECKPOINTED; return DriverCall.SUCCESS; }
            @Override public DriverCall restore(long pid) { state[0] = CheckpointState.LOCKED; return DriverCall.SUCCESS; }
            @Override public DriverCall unlock(long pid) { state[0] = CheckpointState.RUNNING; return DriverCall.SUCCESS; }
        };
        DeviceFootprint footprint = new DeviceFootprint() {
            @Override public Probed<Long> bytesHeldBy(long pid) { return Probed.present(state[0] == CheckpointState.CHECKPOINTED ? 0L : 2L << 30); }
            @Override public Probed<Long> bytesUsedOnAllDevices() { return Probed.present(2L << 30); }
        };
        CheckpointController controller = new CheckpointController(driver, footprint, () -> Probed.present(64L << 30), ProcessOwners.proc());
        long self = ProcessHandle.current().pid();

        assertEquals(0, CheckpointCommand.suspend(() -> controller).run(List.of("--pid", Long.toString(self)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals(0, CheckpointCommand.resume(() -> controller).run(List.of("--pid", Long.toString(self)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertTrue(lines.get(0).startsWith("suspended process " + self + ": 2.00 GiB parked in host memory in "), lines.get(0));
        assertTrue(lines.get(0).endsWith("; it now holds 0 B on the GPU"), lines.get(0));
        assertTrue(lines.get(1).startsWith("process " + self + " is running again after ") && lines.get(1).endsWith("it holds 2.00 GiB on the GPU"), lines.get(1));
        assertEquals(CheckpointState.RUNNING, state[0]);
    }
}
