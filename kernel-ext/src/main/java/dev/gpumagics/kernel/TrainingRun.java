package dev.gpumagics.kernel;

import com.google.gson.JsonObject;
import dev.gpumagics.jupyter.ConnectionFile;
import dev.gpumagics.jupyter.server.KernelServer;
import dev.gpumagics.jupyter.server.OutputLimits;
import dev.gpumagics.jupyter.wire.Decoded;
import dev.gpumagics.jupyter.wire.Message;
import dev.gpumagics.jupyter.wire.ReplayGuard;
import dev.gpumagics.jupyter.wire.Signer;
import dev.gpumagics.jupyter.wire.WireCodec;
import java.io.PrintStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * One start of the kernel with no client, which install runs under {@code -XX:ArchiveClassesAtExit}
 * to record the classes a start loads (AppCDS): JShell warmed, a cell and a magic run, the sockets
 * bound and a message encoded and decoded, then a clean stop.
 *
 * <p>It cannot hang. The sockets bind to ports the system picks as it binds them (a free port picked
 * beforehand can be taken by another process before the bind), every thread the run starts is a
 * daemon, and a watchdog ends the process, with one line, if the whole run takes longer than {@link #LIMIT}.
 */
final class TrainingRun {

    static final Duration LIMIT = Duration.ofSeconds(30);

    private TrainingRun() {}

    static int run(PrintStream err) {
        startWatchdog(err);
        KernelLauncher.quietLogging();
        GpuMagicsKernel kernel = new GpuMagicsKernel(NotebookShell.start(KernelSettings.compilerOptions()));
        try {
            kernel.warmUp(new StartupScripts(err));
            kernel.run("1 + 1");
            kernel.run("%gpumem --no-procs");
            byte[] secret = new byte[16];
            new SecureRandom().nextBytes(secret);
            String key = HexFormat.of().formatHex(secret);
            roundTrip(key);
            KernelServer server = KernelServer.start(ConnectionFile.loopbackAnyPorts(key), kernel, OutputLimits.DEFAULT);
            server.stop();
            return 0;
        } catch (RuntimeException | GeneralSecurityException | LinkageError e) {
            err.println("gpumagics kernel --train: " + e);
            return 1;
        }
    }

    /** What the first request costs in classes: signing, encoding and strict JSON decoding. */
    private static void roundTrip(String key) throws GeneralSecurityException {
        WireCodec codec = new WireCodec(Signer.of("hmac-sha256", key), new ReplayGuard(4));
        Message message = new Message(List.of(new byte[] {1}), Message.header("kernel_info_request", "training", "training"),
                new JsonObject(), new JsonObject(), new JsonObject(), List.of());
        if (!(codec.decode(codec.encode(message)) instanceof Decoded.Accepted)) {
            throw new IllegalStateException("a message did not survive its own encoding");
        }
    }

    private static void startWatchdog(PrintStream err) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(LIMIT.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            err.println("gpumagics kernel --train: did not finish within " + LIMIT.toSeconds() + " s; stopped");
            err.flush();
            Runtime.getRuntime().halt(3);
        }, "gpumagics-train-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
