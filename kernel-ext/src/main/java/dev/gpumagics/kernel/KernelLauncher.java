package dev.gpumagics.kernel;

import dev.gpumagics.jupyter.ConnectionFile;
import dev.gpumagics.jupyter.server.KernelServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the kernel on a Jupyter connection file: binds where the file says, answers at once (saying
 * {@code starting} before its first reply), warms JShell and runs the startup scripts in the
 * background (the first cell waits for them), and exits when the process that started it is gone. SIGINT interrupts
 * the running cell; SIGTERM and SIGHUP stop the kernel as a shutdown_request does ({@link ProcessSignals}).
 */
public final class KernelLauncher {

    /** Strong reference: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final Logger ROOT_LOG = Logger.getLogger("");

    private KernelLauncher() {}

    public static int run(Path connectionFile, PrintStream err) {
        ConnectionFile connection;
        try {
            connection = ConnectionFile.read(connectionFile);
        } catch (FileSystemException e) {
            // its message is the path again; the reason ("Permission denied", "Is a directory") is what is news
            String reason = e.getReason() != null ? e.getReason()
                    : e instanceof NoSuchFileException ? "it does not exist" : e.getClass().getSimpleName();
            err.println("gpumagics kernel: cannot read the connection file " + connectionFile + ": " + reason);
            return 2;
        } catch (IOException | IllegalArgumentException e) {
            err.println("gpumagics kernel: cannot read the connection file " + connectionFile + ": " + e.getMessage());
            return 2;
        }
        quietLogging();
        GpuMagicsKernel kernel = new GpuMagicsKernel(NotebookShell.start(KernelSettings.compilerOptions()));
        KernelServer server;
        try {
            server = KernelServer.start(connection, kernel, KernelSettings.outputLimits());
        } catch (GeneralSecurityException e) {
            err.println("gpumagics kernel: unusable signature scheme " + connection.signatureScheme() + ": " + e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            err.println("gpumagics kernel: " + e.getMessage());
            return 2;
        }
        System.setOut(server.out());
        System.setErr(server.err());
        System.setIn(server.in());
        kernel.publish(connectionFile);
        ProcessSignals signals = ProcessSignals.install(server::interrupt, server::stop);
        watchParent();
        Thread warmUp = new Thread(() -> kernel.warmUp(new StartupScripts(err)), "gpumagics-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        try {
            server.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return signals.stoppedBy().isPresent() ? 128 + signals.stoppedBy().getAsInt() : 0;
    }

    /** One start with no client, for install's start-up archive: {@link TrainingRun}. */
    public static int train(PrintStream err) {
        return TrainingRun.run(err);
    }

    /** basekernel's magics and our protocol layer log only warnings; GPUMAGICS_LOG=INFO (or FINE) shows more. */
    static void quietLogging() {
        String wanted = System.getenv("GPUMAGICS_LOG");
        Level level = Level.WARNING;
        if (wanted != null && !wanted.isBlank()) {
            try {
                level = Level.parse(wanted.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // an unknown level keeps the kernel quiet
            }
        }
        ROOT_LOG.setLevel(level);
        for (java.util.logging.Handler handler : ROOT_LOG.getHandlers()) {
            handler.setLevel(level);
        }
    }

    /** Jupyter names its process in JPY_PARENT_PID; otherwise the process that started this one. */
    private static void watchParent() {
        Optional<ProcessHandle> parent = Optional.ofNullable(System.getenv("JPY_PARENT_PID"))
                .flatMap(pid -> {
                    try {
                        return ProcessHandle.of(Long.parseLong(pid.strip()));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                })
                .or(() -> ProcessHandle.current().parent());
        // an orphan has no one to report to: it ends at once, without waiting on sockets or hooks
        parent.ifPresent(process -> process.onExit().thenRun(() -> Runtime.getRuntime().halt(0)));
    }
}
