package dev.gpumagics.context.checkpoint;

import dev.gpumagics.context.checkpoint.ControllerReply.Failed;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real {@link Checkpointer}: a second JVM running {@link CheckpointHelper} on this process's pid,
 * as the measured recipe did. Designed around the hang recorded in DESIGN.md: the answer is read from
 * the helper's first stdout line, not from its exit; the helper is then killed (SIGKILL runs none of
 * its exit code), and a helper that does not answer in time is killed too, so a caller waits at most
 * the time limit.
 */
public final class HelperProcess implements Checkpointer {

    /** How long the driver may wait for in-flight CUDA work before it gives up locking, leaving the process running. */
    static final int DEFAULT_LOCK_TIMEOUT_MS = 10_000;

    /** What happens to a helper once it has answered. */
    public enum Exit {
        /** Killed: the default, since its exit is a suspect in the recorded hang. */
        KILL,
        /** Closes its stdin and lets it exit by itself (for the GPU diagnosis of that hang). */
        NORMAL
    }

    private final List<String> command;
    private final Duration limit;
    private final Exit exit;
    private volatile Optional<Duration> lastExit = Optional.empty();

    /**
     * @param limit the longest a suspend or resume may take, helper start included; parking 80 GB at the
     *     measured 1.85 GB/s takes about 45 s
     */
    public HelperProcess(List<String> javaCommand, Duration limit, Exit exit) {
        this.command = List.copyOf(javaCommand);
        this.limit = limit;
        this.exit = exit;
    }

    /** A helper JVM from this JVM's own java and the jars that hold GpuMagics and the cuda preset. */
    public static HelperProcess forThisJvm() {
        return new HelperProcess(javaCommand(), Duration.ofMinutes(5), Exit.KILL);
    }

    @Override
    public ControllerReply suspend(long pid) {
        return run(limit, "suspend", Long.toString(pid), Integer.toString(DEFAULT_LOCK_TIMEOUT_MS));
    }

    @Override
    public ControllerReply resume(long pid) {
        return run(limit, "resume", Long.toString(pid));
    }

    @Override
    public ControllerReply resume(long pid, BytesPerDevice need) {
        return need.isEmpty() ? resume(pid)
                : run(limit, "resume", Long.toString(pid), Integer.toString(DEFAULT_LOCK_TIMEOUT_MS), need.token());
    }

    @Override
    public ControllerReply state(long pid) {
        return run(Duration.ofSeconds(30), "state", Long.toString(pid));
    }

    /** How long the last helper took to go once it had answered; empty when it had not gone 2 s later. */
    public Optional<Duration> lastExit() {
        return lastExit;
    }

    ControllerReply run(Duration timeLimit, String... args) {
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of(args));
        Path stderr;
        try {
            stderr = Files.createTempFile("gpumagics-helper", ".err");
        } catch (IOException e) {
            return new Failed("cannot start the checkpoint helper: no temporary file for its error output: " + e.getMessage(), Optional.empty());
        }
        Process process;
        try {
            process = new ProcessBuilder(full).redirectError(stderr.toFile()).start();
        } catch (IOException e) {
            deleteQuietly(stderr);
            return new Failed("cannot start the checkpoint helper (" + command.get(0) + "): " + e.getMessage(), Optional.empty());
        }
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        // A thread of its own: a checkpoint can take minutes, too long to hold one of the common pool's workers.
        CompletableFuture<Optional<String>> answer = new CompletableFuture<>();
        Thread reader = new Thread(() -> answer.complete(firstLine(stdout)), "gpumagics-helper-answer");
        reader.setDaemon(true);
        reader.start();
        try {
            Optional<String> line = answer.get(timeLimit.toMillis(), TimeUnit.MILLISECONDS);
            return line.map(ControllerReply::parse).orElseGet(() -> new Failed(
                    "the checkpoint helper ended without an answer: " + tail(stderr), Optional.empty()));
        } catch (TimeoutException e) {
            return new Failed("the checkpoint helper did not answer within " + timeLimit.toSeconds() + " s and was stopped", Optional.empty());
        } catch (ExecutionException e) {
            return new Failed("reading the checkpoint helper's answer failed: " + e.getCause(), Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed("interrupted while waiting for the checkpoint helper", Optional.empty());
        } finally {
            finish(process);
            deleteQuietly(stderr);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temp file left behind is harmless
        }
    }

    private void finish(Process process) {
        long start = System.nanoTime();
        if (exit == Exit.NORMAL) {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                process.destroyForcibly();
            }
        } else {
            process.destroyForcibly();
        }
        try {
            boolean gone = process.waitFor(2, TimeUnit.SECONDS);
            lastExit = gone ? Optional.of(Duration.ofNanos(System.nanoTime() - start)) : Optional.empty();
            if (!gone) {
                process.destroyForcibly(); // and never wait for it again: the answer is already in hand
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<String> firstLine(BufferedReader reader) {
        try {
            return Optional.ofNullable(reader.readLine());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String tail(Path stderr) {
        try {
            List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "(no output)" : String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(its error output is unreadable)";
        }
    }

    /** {@code java -cp <jars> CheckpointHelper}, reusing this JVM's JavaCPP settings. */
    static List<String> javaCommand() {
        List<String> java = new ArrayList<>();
        java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // a small, quick JVM: it makes six driver calls and a few NVML queries
        java.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("org.bytedeco."))
                .sorted()
                .forEach(name -> java.add("-D" + name + "=" + System.getProperty(name)));
        java.add("-cp");
        java.add(String.join(File.pathSeparator, classPath()));
        java.add(CheckpointHelper.class.getName());
        return java;
    }

    /**
     * Where GpuMagics, JavaCPP and the cuda preset (classes and natives) come from. In IJava those jars
     * sit on the notebook's classpath, not on java.class.path, so they are looked up by what they hold.
     */
    static Set<String> classPath() {
        Set<String> entries = new LinkedHashSet<>();
        ClassLoader loader = HelperProcess.class.getClassLoader();
        for (String resource : List.of(
                "dev/gpumagics/context/CheckpointHelper.class",
                "org/jspecify/annotations/NullMarked.class",
                "org/bytedeco/javacpp/Loader.class",
                "org/bytedeco/cuda/global/cudart.class",
                "org/bytedeco/javacpp/linux-x86_64/libjnijavacpp.so",
                "org/bytedeco/cuda/linux-x86_64/libjnicudart.so",
                "org/bytedeco/cuda/linux-x86_64/libjninvml.so")) {
            URL url = loader == null ? null : loader.getResource(resource);
            if (url != null) {
                root(url, resource).ifPresent(entries::add);
            }
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static Optional<String> root(URL url, String resource) {
        try {
            if (url.getProtocol().equals("jar")) {
                String path = url.getPath(); // file:/x/y.jar!/org/...
                return Optional.of(Path.of(new URL(path.substring(0, path.indexOf("!/"))).toURI()).toString());
            }
            if (url.getProtocol().equals("file")) {
                Path file = Path.of(url.toURI());
                for (int i = 0; i < resource.split("/").length; i++) {
                    file = file.getParent();
                }
                return Optional.of(file.toString());
            }
        } catch (URISyntaxException | IOException | RuntimeException e) {
            // an entry we cannot name is left out; java.class.path may still carry it
        }
        return Optional.empty();
    }
}
