package dev.gpumagics.kernel;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * What the kernel does on a signal, as ipykernel does: SIGINT interrupts the running cell (the variables stay; the
 * JVM's own handler would end the process with 130), SIGTERM and SIGHUP stop the kernel as a shutdown_request does:
 * the running cell is stopped, its reply, idle and output are sent, and the process ends with 128 + the signal's
 * number, within {@link #GRACE} whatever happens.
 *
 * <p>Java has no public API that keeps a process alive on a signal: a shutdown hook runs while the JVM ends.
 * {@code sun.misc.Signal} is in {@code jdk.unsupported}, the module JEP 260 keeps exported for exactly such uses until
 * a supported replacement exists (none in JDK 17 to 25); {@code jdk.internal.misc.Signal} is not exported and is not
 * used. A signal the process was started ignoring ({@code nohup}, a background job without job control) stays
 * ignored: the JVM does not let a handler replace that, and this class does not try.
 */
final class ProcessSignals {

    private static final Logger LOG = Logger.getLogger("dev.gpumagics.kernel");

    /** How long a stop on SIGTERM or SIGHUP may take before the process is ended anyway. */
    static final Duration GRACE = Duration.ofSeconds(4);

    private final AtomicInteger stoppedBy = new AtomicInteger();

    private ProcessSignals() {}

    /**
     * @param interrupt what an interrupt_request does
     * @param stop stops the server; the launcher's wait then returns
     */
    static ProcessSignals install(Runnable interrupt, Runnable stop) {
        ProcessSignals signals = new ProcessSignals();
        handle("INT", signal -> interrupt.run());
        SignalHandler ending = signal -> signals.stop(signal, stop);
        handle("TERM", ending);
        handle("HUP", ending);
        return signals;
    }

    /** The signal that stopped the kernel, if one did. */
    OptionalInt stoppedBy() {
        int number = stoppedBy.get();
        return number == 0 ? OptionalInt.empty() : OptionalInt.of(number);
    }

    private void stop(Signal signal, Runnable stop) {
        if (!stoppedBy.compareAndSet(0, signal.getNumber())) {
            return;
        }
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(GRACE.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(128 + signal.getNumber());
        }, "gpumagics-stop-grace");
        watchdog.setDaemon(true);
        watchdog.start();
        Thread stopping = new Thread(stop, "gpumagics-signal-stop");
        stopping.setDaemon(true);
        stopping.start();
    }

    private static void handle(String name, SignalHandler handler) {
        try {
            SignalHandler before = Signal.handle(new Signal(name), handler);
            if (before == SignalHandler.SIG_IGN) {
                Signal.handle(new Signal(name), SignalHandler.SIG_IGN); // started ignoring it: keep it so
            }
        } catch (IllegalArgumentException e) {
            // -Xrs, or a platform without that signal: the JVM's own behaviour stays
            LOG.fine(() -> "no handler for SIG" + name + ": " + e.getMessage());
        }
    }
}
