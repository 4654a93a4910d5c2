package dev.gpumagics.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.messages.Header;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.publish.PublishStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the kernel on a Jupyter connection file: binds where the file says, answers at once (saying
 * {@code starting} before its first reply), warms JShell and runs the startup scripts in the background (the first cell waits
 * for them), and exits when the process that started it is gone.
 */
public final class KernelLauncher {

    /** Strong reference: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final Logger JUPYTER_LOG = Logger.getLogger("Jupyter");
    private static final Logger ROOT_LOG = Logger.getLogger("");

    private KernelLauncher() {}

    public static int run(Path connectionFile, PrintStream err) {
        KernelConnectionProperties properties;
        try {
            properties = KernelConnectionProperties.parse(Files.readString(connectionFile));
        } catch (FileSystemException e) {
            // its message is the path again; the reason ("Permission denied", "Is a directory") is what is news
            String reason = e.getReason() != null ? e.getReason()
                    : e instanceof NoSuchFileException ? "it does not exist" : e.getClass().getSimpleName();
            err.println("gpumagics kernel: cannot read the connection file " + connectionFile + ": " + reason);
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("gpumagics kernel: cannot read the connection file " + connectionFile + ": " + e.getMessage());
            return 2;
        }
        quietLogging();
        GpuMagicsKernel kernel = new GpuMagicsKernel(NotebookShell.start(KernelSettings.compilerOptions()));
        JupyterConnection connection;
        try {
            JupyterConnection[] opened = new JupyterConnection[1];
            connection = KernelConnection.open(properties, () -> opened[0].getIOPub().sendMessage(
                    new Message<>(new Header<>(MessageType.PUBLISH_STATUS), PublishStatus.STARTING)));
            opened[0] = connection;
        } catch (java.security.GeneralSecurityException e) {
            err.println("gpumagics kernel: unusable signature scheme " + properties.getSignatureScheme() + ": " + e.getMessage());
            return 2;
        }
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        watchParent(connection);
        Thread warmUp = new Thread(() -> kernel.warmUp(new StartupScripts(err)), "gpumagics-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        connection.waitUntilClose();
        return 0;
    }

    /**
     * One start of the kernel with no client, on loopback ports of its own: binds, warms JShell, runs a
     * cell and a magic, and exits. Install runs it to record the classes a start loads into a start-up
     * archive (AppCDS), which the kernelspec then maps instead of loading them again.
     */
    public static int train(PrintStream err) {
        quietLogging();
        GpuMagicsKernel kernel = new GpuMagicsKernel(NotebookShell.start(KernelSettings.compilerOptions()));
        JupyterConnection connection;
        try {
            connection = KernelConnection.open(KernelConnectionProperties.parse(loopbackConnection()), () -> {});
        } catch (IOException | java.security.GeneralSecurityException e) {
            err.println("gpumagics kernel --train: " + e.getMessage());
            return 1;
        }
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        kernel.warmUp(new StartupScripts(err));
        kernel.run("1 + 1");
        kernel.run("%gpumem --no-procs");
        // not connection.close(): ZeroMQ's context waits there for every socket's loop; the caller exits
        return 0;
    }

    /** A connection file's content: loopback, five free ports, a fresh key. */
    private static String loopbackConnection() throws IOException {
        int[] ports = new int[5];
        for (int i = 0; i < ports.length; i++) {
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                ports[i] = socket.getLocalPort();
            }
        }
        byte[] key = new byte[16];
        new java.security.SecureRandom().nextBytes(key);
        return String.format(java.util.Locale.ROOT, "{\"transport\": \"tcp\", \"ip\": \"127.0.0.1\", \"shell_port\": %d, "
                + "\"iopub_port\": %d, \"stdin_port\": %d, \"control_port\": %d, \"hb_port\": %d, "
                + "\"key\": \"%s\", \"signature_scheme\": \"hmac-sha256\"}",
                ports[0], ports[1], ports[2], ports[3], ports[4], java.util.HexFormat.of().formatHex(key));
    }

    /** basekernel logs INFO lines on every start and stop; GPUMAGICS_LOG=INFO (or FINE) brings them back. */
    private static void quietLogging() {
        String wanted = System.getenv("GPUMAGICS_LOG");
        Level level = Level.WARNING;
        if (wanted != null && !wanted.isBlank()) {
            try {
                level = Level.parse(wanted.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // an unknown level keeps the kernel quiet
            }
        }
        JUPYTER_LOG.setLevel(level);
        // basekernel's Loop logs to its own loggers, not under "Jupyter": the root handlers decide
        ROOT_LOG.setLevel(level);
        for (java.util.logging.Handler handler : ROOT_LOG.getHandlers()) {
            handler.setLevel(level);
        }
    }

    /** Jupyter names its process in JPY_PARENT_PID; otherwise the process that started this one. */
    private static void watchParent(JupyterConnection connection) {
        Optional<ProcessHandle> parent = Optional.ofNullable(System.getenv("JPY_PARENT_PID"))
                .flatMap(pid -> {
                    try {
                        return ProcessHandle.of(Long.parseLong(pid.strip()));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                })
                .or(() -> ProcessHandle.current().parent());
        parent.ifPresent(process -> process.onExit().thenRun(() -> {
            connection.close();
            Runtime.getRuntime().halt(0); // an orphan has no one to report to; shutdown hooks could hang on sockets
        }));
    }
}
