package dev.gpumagics.jupyter.server;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.gpumagics.jupyter.wire.Decoded;
import dev.gpumagics.jupyter.wire.Message;
import dev.gpumagics.jupyter.wire.WireCodec;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Logger;
import org.zeromq.ZMQ;

/**
 * The stdin socket and its thread: sends an input_request to the client whose request is running and
 * waits for its input_reply. A cell waits on a future, not on ZeroMQ, so interrupting it leaves the
 * socket sound.
 */
final class StdinChannel implements Runnable {

    private static final Logger LOG = Logger.getLogger("dev.gpumagics.jupyter");

    private record Ask(Message cause, String prompt, boolean password, CompletableFuture<String> answer) {}

    private static final Ask STOP = new Ask(new Message(List.of(), new JsonObject(), new JsonObject(), new JsonObject(),
            new JsonObject(), List.of()), "", false, new CompletableFuture<>());

    private final ZMQ.Socket socket;
    private final ZMQ.CancellationToken token;
    private final WireCodec codec;
    private final Envelopes envelopes;
    private final DropLog drops;
    private final BlockingQueue<Ask> asks = new LinkedBlockingQueue<>();
    private volatile boolean stopping;

    StdinChannel(ZMQ.Socket socket, WireCodec codec, Envelopes envelopes, DropLog drops) {
        this.socket = socket;
        this.token = socket.createCancellationToken();
        this.codec = codec;
        this.envelopes = envelopes;
        this.drops = drops;
    }

    /**
     * Asks the client that sent {@code cause} for a line.
     *
     * @throws InterruptedException when the waiting thread is interrupted (the request is withdrawn)
     */
    String ask(Message cause, String prompt, boolean password) throws InterruptedException {
        Ask ask = new Ask(cause, prompt, password, new CompletableFuture<>());
        asks.put(ask);
        try {
            return ask.answer().get();
        } catch (InterruptedException e) {
            ask.answer().cancel(false);
            Frames.cancel(token);
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("no input: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                Ask ask = asks.take();
                if (ask == STOP) {
                    break;
                }
                if (!ask.answer().isDone()) {
                    serve(ask);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Frames.Stopped stopped) {
            // the context is ending
        } finally {
            socket.close();
        }
    }

    private void serve(Ask ask) throws Frames.Stopped {
        token.reset();
        JsonObject content = new JsonObject();
        content.addProperty("prompt", ask.prompt());
        content.addProperty("password", ask.password());
        Message request = envelopes.ask(ask.cause(), "input_request", content);
        dropWaitingReplies();
        Frames.send(socket, codec.encode(request));
        while (!ask.answer().isDone()) {
            List<byte[]> frames;
            try {
                frames = Frames.receive(socket, token);
            } catch (Frames.Stopped cancelled) {
                if (stopping) {
                    throw cancelled;
                }
                return; // the cell stopped waiting
            }
            if (frames.isEmpty()) {
                continue;
            }
            Decoded decoded = codec.decode(frames);
            if (decoded instanceof Decoded.Refused refused) {
                drops.note("stdin", refused);
            } else if (decoded instanceof Decoded.Accepted accepted && answers(accepted.message(), request)) {
                JsonElement value = accepted.message().contentObject().get("value");
                ask.answer().complete(value instanceof JsonPrimitive text ? text.getAsString() : "");
            }
        }
    }

    /**
     * What reached the socket before this input_request was sent answers none: a reply to one that was withdrawn
     * (its cell interrupted), or one nobody asked for.
     */
    private void dropWaitingReplies() {
        for (List<byte[]> frames = Frames.receiveWaiting(socket); !frames.isEmpty(); frames = Frames.receiveWaiting(socket)) {
            LOG.fine("stdin: dropped a message that came while no input was asked for");
        }
    }

    /**
     * An input_reply to this input_request. One that names its parent must name this request, as the protocol says
     * (ipykernel matches them the same way). jupyter_client's {@code input()} names none: such a reply is taken only
     * from the client this request went to, and only if it came after the request was sent, since whatever
     * came before was dropped when it was sent.
     */
    static boolean answers(Message reply, Message request) {
        if (!reply.type().equals("input_reply")) {
            return false;
        }
        JsonElement parentId = reply.parentHeader().get("msg_id");
        if (parentId != null) {
            return parentId instanceof JsonPrimitive id && id.isString() && id.getAsString().equals(request.id());
        }
        return sameIdentities(reply.identities(), request.identities());
    }

    private static boolean sameIdentities(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    void stop() {
        stopping = true;
        asks.offer(STOP);
        Frames.cancel(token);
    }
}
