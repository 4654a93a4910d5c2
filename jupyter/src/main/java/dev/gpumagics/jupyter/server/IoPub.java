package dev.gpumagics.jupyter.server;

import com.google.gson.JsonObject;
import dev.gpumagics.jupyter.wire.Message;
import dev.gpumagics.jupyter.wire.WireCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The IOPub socket and the one thread that sends on it, in the order messages were queued.
 *
 * <p>The socket is an XPUB that waits for a full subscriber rather than dropping ({@code ZMQ_XPUB_NODROP}): when a
 * subscriber falls behind and its queue reaches the high-water mark, a send waits for it, the queue here fills,
 * and whoever prints waits in turn. So a client that reads slowly slows a printing cell down rather than losing
 * output. A send that has waited {@link #STALL} means some subscriber freed no room in that time: that message is
 * then sent once more without waiting, as a plain PUB sends, so that every subscriber with room gets it and the
 * full one loses it. ZeroMQ then sets that subscriber aside (it gets nothing, and nobody waits for it) until it
 * reads again. Dropping the message instead, or waiting again, is what let one stopped frontend stop every cell.
 */
final class IoPub implements Runnable {

    private static final Logger LOG = Logger.getLogger("dev.gpumagics.jupyter");

    /**
     * Messages per subscriber ZeroMQ holds before a send waits: with 64 KiB batches, 1 MiB. ZeroMQ learns of a
     * reader's progress every half of it, so a reader that takes 512 KiB within {@link #STALL} is never set aside.
     */
    static final int HIGH_WATER_MARK = 16;
    /** Messages queued here before a publisher waits. */
    static final int QUEUE = 64;
    static final Duration STALL = Duration.ofMillis(500);

    private static final Message STOP = new Message(List.of(), new JsonObject(), new JsonObject(), new JsonObject(),
            new JsonObject(), List.of());

    private final ZMQ.Socket socket;
    private final WireCodec codec;
    private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>(QUEUE);
    private boolean warned;

    IoPub(ZMQ.Socket socket, WireCodec codec) {
        this.socket = socket;
        this.codec = codec;
    }

    /** Before the socket is bound: its connections take the high-water mark they are made with. */
    static void prepare(ZMQ.Socket socket) {
        socket.setSndHWM(HIGH_WATER_MARK);
        socket.setXpubNoDrop(true);
        socket.setSendTimeOut((int) STALL.toMillis());
    }

    /** Queues a message, waiting while the queue is full; keeps an interrupt for the caller to see afterwards. */
    void publish(Message message) {
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(message);
                break;
            } catch (InterruptedException e) {
                interrupted = true; // what was printed before an interrupt is still shown
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queues a message unless the queue stays full for {@code wait}: for threads that must not block long. */
    boolean offer(Message message, Duration wait) {
        try {
            return queue.offer(message, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void run() {
        try {
            while (true) {
                Message message = queue.take();
                if (message == STOP) {
                    break;
                }
                List<byte[]> frames = codec.encode(message);
                if (!Frames.send(socket, frames)) {
                    sendToThoseWithRoom(frames);
                }
                drainSubscriptions();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            socket.close();
        }
    }

    /**
     * The send that waited {@link #STALL} left the subscribers it waited for marked as its recipients (ZeroMQ keeps
     * them for a retry of the same message): this same message, sent without waiting, goes to those with room, and
     * a full one's connection is set aside until it reads again.
     */
    private void sendToThoseWithRoom(List<byte[]> frames) {
        try {
            socket.setXpubNoDrop(false);
            Frames.send(socket, frames);
        } finally {
            socket.setXpubNoDrop(true);
        }
        if (!warned) {
            warned = true;
            LOG.warning("iopub: a subscriber freed no room for " + STALL.toMillis() + " ms; it loses what it has no room for"
                    + " until it reads again, and the others get everything");
        } else {
            LOG.fine("iopub: a subscriber freed no room for " + STALL.toMillis() + " ms");
        }
    }

    /** An XPUB socket hands subscriptions up as messages; nothing here needs them. */
    private void drainSubscriptions() {
        try {
            while (socket.recv(ZMQ.DONTWAIT) != null) {
                // a (un)subscription
            }
        } catch (ZMQException e) {
            // the context is ending
        }
    }

    /**
     * Takes the stream messages of one request out of the queue, unsent.
     *
     * @return their text, in the order they were queued
     */
    List<String> withdrawStreams(String parentId) {
        List<String> texts = new java.util.ArrayList<>();
        queue.removeIf(message -> {
            boolean ours = message.type().equals("stream") && message.parentHeader().get("msg_id") instanceof com.google.gson.JsonPrimitive id
                    && id.getAsString().equals(parentId);
            if (ours) {
                texts.add(message.contentObject().get("text").getAsString());
            }
            return ours;
        });
        return texts;
    }

    /** Sends what is queued (for up to {@code drain}), then ends the thread. */
    void stop(Duration drain) {
        if (!offer(STOP, drain)) {
            queue.clear();
            queue.offer(STOP);
        }
    }
}
