package dev.gpumagics.context.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.context.checkpoint.ControllerReply.Failed;
import dev.gpumagics.context.checkpoint.ControllerReply.Refused;
import dev.gpumagics.context.driver.CheckpointState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class HelperProcessTest {

    private static final long SELF = ProcessHandle.current().pid();

    /** The real helper JVM, with the real driver classes; on a machine without a driver it must refuse in one line. */
    @Test
    void theRealHelperAnswersInOneLineOnThisMachine() {
        HelperProcess helper = HelperProcess.forThisJvm();

        ControllerReply suspend = helper.suspend(SELF);
        ControllerReply state = helper.state(SELF);

        if (CudaPresence.driverLoadable()) {
            // a GPU machine: the test JVM has no CUDA context, so there is nothing of it to park
            assertInstanceOf(Refused.class, suspend, suspend.toLine());
        } else {
            Refused refused = assertInstanceOf(Refused.class, suspend, suspend.toLine());
            // a native library is what is missing, not a class: the helper's classpath is whole
            assertTrue(refused.reason().matches("no usable NVIDIA driver: lib(cuda|cudart)\\.so\\.1?3? is not on the library path"), refused.reason());
            assertTrue(refused.hint().startsWith("on a GPU server, install the NVIDIA driver") || refused.hint().contains("LD_LIBRARY_PATH"), refused.hint());
            assertEquals(suspend, state);
        }
        assertTrue(helper.lastExit().isPresent(), "a helper that has answered is gone within 2 s");
    }

    @Test
    void theHelperRefusesAProcessThatDoesNotExist() {
        ControllerReply reply = HelperProcess.forThisJvm().resume(Integer.MAX_VALUE, Optional.empty());

        Refused refused = assertInstanceOf(Refused.class, reply, reply.toLine());
        assertEquals("no process " + Integer.MAX_VALUE, refused.reason());
    }

    @Test
    void aHelperThatNeverAnswersIsStoppedAtTheLimit() {
        HelperProcess silent = new HelperProcess(List.of("bash", "-c", "sleep 60", "helper"), Duration.ofMillis(800), HelperProcess.Exit.KILL);

        long start = System.nanoTime();
        Failed failed = assertInstanceOf(Failed.class, silent.resume(SELF, Optional.empty()));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(failed.reason().contains("did not answer within"), failed.reason());
        assertTrue(millis < 5_000, "returned after " + millis + " ms");
    }

    @Test
    void anAnswerIsTakenFromTheFirstLineEvenIfTheHelperNeverExits() {
        // the hang after a checkpoint (docs/FACTS.md) may be the helper's exit: the answer must not wait for it
        HelperProcess lingering = new HelperProcess(
                List.of("bash", "-c", "echo '{\"reply\":\"done\",\"state\":\"CHECKPOINTED\",\"steps\":[{\"name\":\"lock\",\"nanos\":1}],"
                        + "\"deviceBytes\":42}'; trap '' TERM; sleep 60", "helper"),
                Duration.ofSeconds(30), HelperProcess.Exit.KILL);

        long start = System.nanoTime();
        ControllerReply reply = lingering.suspend(SELF);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(CheckpointState.CHECKPOINTED, assertInstanceOf(ControllerReply.Done.class, reply).state());
        assertTrue(millis < 5_000, "returned after " + millis + " ms");
    }

    @Test
    void aHelperThatDiesWithoutAnswerIsReportedWithItsErrorOutput() {
        HelperProcess dying = new HelperProcess(List.of("bash", "-c", "echo 'Error: could not find java.base' >&2; exit 1", "helper"),
                Duration.ofSeconds(30), HelperProcess.Exit.KILL);

        Failed failed = assertInstanceOf(Failed.class, dying.state(SELF));

        assertTrue(failed.reason().contains("ended without an answer") && failed.reason().contains("java.base"), failed.reason());
    }

    @Test
    void aHelperThatCannotStartIsOneLine() {
        HelperProcess missing = new HelperProcess(List.of("/nonexistent/bin/java"), Duration.ofSeconds(5), HelperProcess.Exit.KILL);

        Failed failed = assertInstanceOf(Failed.class, missing.suspend(SELF));

        assertTrue(failed.reason().startsWith("cannot start the checkpoint helper (/nonexistent/bin/java)"), failed.reason());
    }

    /** A helper that cannot start (a retry loop may try every few seconds) leaves no error file behind. */
    @Test
    void aHelperThatCannotStartLeavesNoTemporaryFile() throws Exception {
        HelperProcess missing = new HelperProcess(List.of("/nonexistent/bin/java"), Duration.ofSeconds(5), HelperProcess.Exit.KILL);
        java.util.Set<java.nio.file.Path> before = helperErrorFiles();

        for (int i = 0; i < 3; i++) {
            assertInstanceOf(Failed.class, missing.resume(SELF, Optional.empty()));
        }

        java.util.Set<java.nio.file.Path> left = helperErrorFiles();
        left.removeAll(before);
        assertEquals(java.util.Set.of(), left);
    }

    private static java.util.Set<java.nio.file.Path> helperErrorFiles() throws java.io.IOException {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("gpumagics-helper"))
                    .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
        }
    }

    @Test
    void theHelperClasspathCarriesGpuMagicsAndTheCudaPreset() throws Exception {
        String classPath = String.join(":", HelperCommand.classPath());
        String gpuMagics = java.nio.file.Path.of(CheckpointHelper.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();

        assertTrue(HelperCommand.classPath().contains(gpuMagics), gpuMagics + " in " + classPath);
        assertTrue(classPath.contains("cuda-13.1-9.19-1.5.13.jar"), classPath);
        assertTrue(classPath.contains("cuda-13.1-9.19-1.5.13-" + Loader.getPlatform() + ".jar"), classPath);
        assertTrue(classPath.contains("javacpp-1.5.13"), classPath);
        assertTrue(classPath.contains("gson-"), "the request and the answer are JSON: " + classPath);
    }
}
