package dev.gpumagics.jupyter.server;

import dev.gpumagics.jupyter.ConnectionFile;
import dev.gpumagics.jupyter.kernel.LanguageKernel;
import dev.gpumagics.jupyter.wire.ReplayGuard;
import dev.gpumagics.jupyter.wire.Signer;
import dev.gpumagics.jupyter.wire.WireCodec;
import java.io.InputStream;
import java.io.PrintStream;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * A kernel's five sockets, bound where the connection file says, each owned by one daemon thread:
 * shell and control (requests), IOPub (everything published), stdin (input requests) and the
 * heartbeat. {@link #stop()} ends them in an order that lets the last replies out, and never waits
 * without a limit.
 */
public final class KernelServer {

    /** How long closing sockets keep trying to send what is queued. */
    private static final int LINGER_MS = 1000;
    private static final Duration STEP = Duration.ofSeconds(2);

    private final ZMQ.Context context;
    private final IoPub iopub;
    private final CellStreams streams;
    private final FrontendInput input;
    private final StdinChannel stdin;
    private final RequestLoop shell;
    private final RequestLoop control;
    private final Heartbeat heartbeat;
    private final LanguageKernel kernel;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ConnectionFile bound;

    private KernelServer(ConnectionFile connection, LanguageKernel kernel, OutputLimits limits, Signer signer) {
        this.kernel = kernel;
        WireCodec codec = new WireCodec(signer, new ReplayGuard(ReplayGuard.DEFAULT_CAPACITY));
        Envelopes envelopes = new Envelopes();
        DropLog drops = new DropLog();
        context = ZMQ.context(1);
        List<ZMQ.Socket> sockets = new ArrayList<>();
        try {
            ZMQ.Socket shellSocket = bind(sockets, SocketType.ROUTER, connection, connection.shellPort(), "shell");
            ZMQ.Socket controlSocket = bind(sockets, SocketType.ROUTER, connection, connection.controlPort(), "control");
            ZMQ.Socket stdinSocket = bind(sockets, SocketType.ROUTER, connection, connection.stdinPort(), "stdin");
            ZMQ.Socket iopubSocket = bind(sockets, SocketType.XPUB, connection, connection.iopubPort(), "iopub");
            ZMQ.Socket hbSocket = bind(sockets, SocketType.ROUTER, connection, connection.hbPort(), "heartbeat");
            this.bound = new ConnectionFile(connection.transport(), connection.ip(), port(shellSocket), port(iopubSocket),
                    port(stdinSocket), port(controlSocket), port(hbSocket), connection.key(), connection.signatureScheme());
            iopub = new IoPub(iopubSocket, codec);
            streams = new CellStreams(iopub, envelopes, limits);
            stdin = new StdinChannel(stdinSocket, codec, envelopes, drops);
            input = new FrontendInput(stdin, streams);
            History history = new History();
            ExecuteHandler execute = new ExecuteHandler(kernel, envelopes, streams, input, history);
            Requests requests = new Requests(kernel, envelopes, streams, iopub, execute, history, this::interrupt,
                    restart -> stopInBackground());
            shell = new RequestLoop("shell", shellSocket, codec, drops, requests::onShell);
            control = new RequestLoop("control", controlSocket, codec, drops, requests::onControl);
            heartbeat = new Heartbeat(hbSocket);
        } catch (RuntimeException e) {
            sockets.forEach(ZMQ.Socket::close);
            context.term();
            throw e;
        }
    }

    /**
     * Binds every socket and starts serving {@code kernel}.
     *
     * @throws IllegalStateException when a socket cannot be bound, in one line naming the port
     * @throws GeneralSecurityException when the signature scheme is not one this JVM has
     */
    public static KernelServer start(ConnectionFile connection, LanguageKernel kernel, OutputLimits limits)
            throws GeneralSecurityException {
        KernelServer server = new KernelServer(connection, kernel, limits,
                Signer.of(connection.signatureScheme(), connection.key()));
        server.startThreads();
        return server;
    }

    private ZMQ.Socket bind(List<ZMQ.Socket> bound, SocketType type, ConnectionFile connection, int port, String name) {
        ZMQ.Socket socket = context.socket(type);
        bound.add(socket);
        socket.setLinger(LINGER_MS);
        if (type == SocketType.ROUTER) {
            // a client that reconnects with the identity it had takes its place, instead of being ignored
            socket.setRouterHandover(true);
        }
        if (type == SocketType.XPUB) {
            IoPub.prepare(socket);
        }
        String endpoint = connection.endpoint(port);
        try {
            socket.bind(endpoint);
        } catch (ZMQException e) {
            throw new IllegalStateException(bindFailure(name, endpoint, e));
        }
        return socket;
    }

    /** The port a socket got: the one asked for, or the one the system picked for port 0. */
    private static int port(ZMQ.Socket socket) {
        String endpoint = socket.getLastEndpoint();
        int colon = endpoint == null ? -1 : endpoint.lastIndexOf(':');
        if (colon < 0) {
            return 0;
        }
        try {
            return Integer.parseInt(endpoint.substring(colon + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Where the sockets are bound: the connection file's ports, with any port 0 replaced by the one the system picked. */
    public ConnectionFile connection() {
        return bound;
    }

    private void startThreads() {
        start(shell, "gpumagics-shell");
        start(control, "gpumagics-control");
        start(iopub, "gpumagics-iopub");
        start(stdin, "gpumagics-stdin");
        start(heartbeat, "gpumagics-heartbeat");
    }

    private void start(Runnable loop, String name) {
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    /**
     * What an interrupt_request does, for a caller outside the protocol (a SIGINT): the running cell is stopped, and
     * its text not yet sent is dropped, so that its reply and idle come promptly.
     */
    public void interrupt() {
        streams.interrupted();
        kernel.interrupt();
    }

    /** What {@code System.out} should be while this kernel runs: text for the running request's cell. */
    public PrintStream out() {
        return streams.out();
    }

    public PrintStream err() {
        return streams.err();
    }

    /** What {@code System.in} should be: lines asked of the frontend. */
    public InputStream in() {
        return input;
    }

    /** Blocks until the server has stopped (a shutdown_request, or {@link #stop()}). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    private void stopInBackground() {
        Thread thread = new Thread(this::stop, "gpumagics-shutdown");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops the running request, lets the shell answer it, sends what is queued on IOPub, closes the
     * sockets and ends the ZeroMQ context; each step waits at most a couple of seconds.
     */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            awaitQuietly();
            return;
        }
        try {
            quietly(kernel::interrupt);
            quietly(shell::stop);
            join("gpumagics-shell");
            runBounded(() -> kernel.shutdown(false), "gpumagics-kernel-shutdown");
            quietly(streams::end);
            quietly(streams::close);
            quietly(() -> iopub.stop(STEP));
            join("gpumagics-iopub");
            quietly(control::stop);
            quietly(stdin::stop);
            quietly(heartbeat::stop);
            threads.forEach(thread -> joinQuietly(thread, STEP));
            runBounded(context::term, "gpumagics-zmq-term");
        } finally {
            stopped.countDown();
        }
    }

    /** A step of stopping that fails must not keep the later steps from running. */
    private static void quietly(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            // stopping anyway
        }
    }

    private void join(String name) {
        threads.stream().filter(t -> t.getName().equals(name)).forEach(t -> joinQuietly(t, STEP));
    }

    private static void runBounded(Runnable task, String name) {
        Thread thread = new Thread(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // ending anyway
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        joinQuietly(thread, STEP);
    }

    private static void joinQuietly(Thread thread, Duration limit) {
        if (thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitQuietly() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String bindFailure(String name, String endpoint, ZMQException e) {
        return "cannot bind the " + name + " socket to " + endpoint + ": "
                + (e.getErrorCode() == zmq.ZError.EADDRINUSE ? "the port is in use" : "ZeroMQ error " + e.getErrorCode());
    }
}
