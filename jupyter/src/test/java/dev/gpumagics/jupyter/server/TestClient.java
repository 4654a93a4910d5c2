package dev.gpumagics.jupyter.server;

import com.google.gson.JsonObject;
import dev.gpumagics.jupyter.ConnectionFile;
import dev.gpumagics.jupyter.wire.Decoded;
import dev.gpumagics.jupyter.wire.Message;
import dev.gpumagics.jupyter.wire.ReplayGuard;
import dev.gpumagics.jupyter.wire.Signer;
import dev.gpumagics.jupyter.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/** A Jupyter client on raw ZeroMQ: the sockets jupyter_client opens, speaking the wire format by our codec. */
final class TestClient implements AutoCloseable {

    private static final long TERM_LIMIT_MS = 5000;

    final ZMQ.Context context = ZMQ.context(1);
    private final List<ZMQ.Socket> sockets = new ArrayList<>();
    final ConnectionFile connection;
    final WireCodec codec;
    final ZMQ.Socket shell;
    final ZMQ.Socket control;
    final ZMQ.Socket stdin;
    final ZMQ.Socket iopub;
    private final String session = java.util.UUID.randomUUID().toString();

    TestClient(ConnectionFile connection) throws Exception {
        this(connection, "client-" + System.nanoTime());
    }

    TestClient(ConnectionFile connection, String identity) throws Exception {
        this.connection = connection;
        this.codec = new WireCodec(Signer.of(connection.signatureScheme(), connection.key()), new ReplayGuard(1 << 16));
        shell = dealer(identity, connection.shellPort());
        control = dealer(identity + "-control", connection.controlPort());
        stdin = dealer(identity, connection.stdinPort());
        iopub = context.socket(SocketType.SUB);
        sockets.add(iopub);
        iopub.setLinger(0);
        iopub.subscribe(new byte[0]);
        iopub.connect(connection.endpoint(connection.iopubPort()));
    }

    ZMQ.Socket dealer(String identity, int port) {
        ZMQ.Socket socket = context.socket(SocketType.DEALER);
        sockets.add(socket);
        socket.setLinger(0);
        socket.setIdentity(identity.getBytes(StandardCharsets.UTF_8));
        socket.connect(connection.endpoint(port));
        return socket;
    }

    Message message(String type, JsonObject content) {
        return new Message(List.of(), Message.header(type, session, "tester"), new JsonObject(), new JsonObject(), content, List.of());
    }

    Message send(ZMQ.Socket socket, String type, JsonObject content) {
        Message message = message(type, content);
        sendFrames(socket, codec.encode(message));
        return message;
    }

    void sendFrames(ZMQ.Socket socket, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    Optional<Message> receive(ZMQ.Socket socket, Duration timeout) {
        ZMQ.Poller poller = context.poller(1);
        poller.register(socket, ZMQ.Poller.POLLIN);
        try {
            if (poller.poll(timeout.toMillis()) <= 0) {
                return Optional.empty();
            }
        } finally {
            poller.close();
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(socket.recv(0));
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        Decoded decoded = codec.decode(frames);
        if (decoded instanceof Decoded.Accepted accepted) {
            return Optional.of(accepted.message());
        }
        throw new AssertionError("the kernel sent a message the client refuses: " + decoded);
    }

    Message reply(ZMQ.Socket socket) {
        return receive(socket, Duration.ofSeconds(20)).orElseThrow(() -> new AssertionError("no reply within 20 s"));
    }

    /** The IOPub messages about {@code request}, up to and with its idle status. */
    List<Message> untilIdle(Message request, Duration timeout) {
        List<Message> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Message> next = receive(iopub, Duration.ofMillis(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            if (next.isEmpty()) {
                break;
            }
            Message message = next.get();
            if (!request.id().equals(parentId(message))) {
                continue;
            }
            seen.add(message);
            if (message.type().equals("status") && message.contentObject().get("execution_state").getAsString().equals("idle")) {
                return seen;
            }
        }
        throw new AssertionError("no idle for " + request.type() + " within " + timeout + "; saw " + seen.size() + " messages");
    }

    static String parentId(Message message) {
        return message.parentHeader().has("msg_id") ? message.parentHeader().get("msg_id").getAsString() : "";
    }

    /** Sends kernel_info until IOPub carries something: the subscription has reached the kernel. */
    void awaitSubscribed() {
        for (int i = 0; i < 100; i++) {
            send(shell, "kernel_info_request", new JsonObject());
            reply(shell);
            if (receive(iopub, Duration.ofMillis(100)).isPresent()) {
                while (receive(iopub, Duration.ofMillis(100)).isPresent()) {
                    // the rest of that request's statuses
                }
                return;
            }
        }
        throw new AssertionError("IOPub never delivered");
    }

    /**
     * Closes the sockets and ends the context, waiting for that at most a few seconds: JeroMQ 0.6.0's term can wait
     * forever when an I/O thread lost its wake-up pipe (seen once here, a ClosedChannelException in
     * {@code Signaler.send} during term), and a test's client must not hang the build. The kernel bounds its own term
     * the same way ({@code KernelServer.stop}).
     */
    @Override
    public void close() {
        sockets.forEach(ZMQ.Socket::close);
        Thread term = new Thread(context::term, "test-client-term");
        term.setDaemon(true);
        term.start();
        try {
            term.join(TERM_LIMIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (term.isAlive()) {
            System.err.println("TestClient: the ZeroMQ context did not end within " + TERM_LIMIT_MS + " ms; left to its daemon threads");
        }
    }

    static JsonObject execute(String code, boolean allowStdin) {
        JsonObject content = new JsonObject();
        content.addProperty("code", code);
        content.addProperty("silent", false);
        content.addProperty("store_history", true);
        content.add("user_expressions", new JsonObject());
        content.addProperty("allow_stdin", allowStdin);
        return content;
    }
}
