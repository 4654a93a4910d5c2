package dev.gpumagics.jupyter.server;

import dev.gpumagics.jupyter.wire.Decoded;
import dev.gpumagics.jupyter.wire.Message;
import dev.gpumagics.jupyter.wire.WireCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.ZMQ;

/**
 * One ROUTER socket (shell or control) and the thread that owns it: blocks until a message comes,
 * hands each well-formed one to its handler and sends the handler's replies. Nothing a message or a
 * handler does ends the loop; only {@link #stop()} does.
 */
final class RequestLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger("dev.gpumagics.jupyter");

    interface Handler {
        void handle(RequestLoop channel, Message request);
    }

    private final String name;
    private final ZMQ.Socket socket;
    private final ZMQ.CancellationToken token;
    private final WireCodec codec;
    private final DropLog drops;
    private final Handler handler;
    private volatile boolean stopping;
    private final List<List<byte[]>> toAbort = new ArrayList<>();
    private boolean aborting;

    RequestLoop(String name, ZMQ.Socket socket, WireCodec codec, DropLog drops, Handler handler) {
        this.name = name;
        this.socket = socket;
        this.token = socket.createCancellationToken();
        this.codec = codec;
        this.drops = drops;
        this.handler = handler;
    }

    String name() {
        return name;
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                List<byte[]> frames;
                try {
                    frames = Frames.receive(socket, token);
                } catch (Frames.Stopped stopped) {
                    break;
                }
                if (!frames.isEmpty()) {
                    handleFrames(frames);
                }
                if (!toAbort.isEmpty()) {
                    handleWaitingAsAborted();
                }
            }
        } finally {
            socket.close();
        }
    }

    private void handleFrames(List<byte[]> frames) {
        Decoded decoded;
        try {
            decoded = codec.decode(frames);
        } catch (RuntimeException | StackOverflowError e) {
            decoded = new Decoded.Refused(Decoded.Reason.BAD_JSON, e.getClass().getSimpleName());
        }
        if (decoded instanceof Decoded.Refused refused) {
            drops.note(name, refused);
            return;
        }
        Message message = ((Decoded.Accepted) decoded).message();
        try {
            handler.handle(this, message);
        } catch (Throwable e) { // the handler answers its own failures; this is the last line, so that the loop lives on
            LOG.log(Level.WARNING, name + ": could not answer " + message.type() + ": " + e);
        }
    }

    /**
     * Asked by a handler, on this loop's thread, before it sends its reply: the requests waiting on the socket now are
     * taken, and once the handler returns, handed to it with {@link #aborting()} true; then the loop goes on as before.
     * Taken before the reply, so that nothing a client sends once it has the reply is among them.
     */
    void abortWaiting() {
        for (List<byte[]> frames = Frames.receiveWaiting(socket); !frames.isEmpty(); frames = Frames.receiveWaiting(socket)) {
            toAbort.add(frames);
        }
    }

    /** Whether the request being handled was waiting when a handler asked for {@link #abortWaiting()}. */
    boolean aborting() {
        return aborting;
    }

    private void handleWaitingAsAborted() {
        List<List<byte[]>> waiting = new ArrayList<>(toAbort);
        toAbort.clear();
        aborting = true;
        try {
            waiting.forEach(this::handleFrames);
        } finally {
            aborting = false;
        }
    }

    /** Sends on this loop's socket; only from this loop's thread (a handler). */
    void send(Message message) {
        if (!Frames.send(socket, codec.encode(message))) {
            LOG.fine(() -> name + ": could not send " + message.type());
        }
    }

    void stop() {
        stopping = true;
        Frames.cancel(token);
    }
}
