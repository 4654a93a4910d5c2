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
 * <p>The socket is an XPUB that never drops ({@code ZMQ_XPUB_NODROP}): when a subscriber falls
 * behind and its queue reaches the high-water mark, a send waits for it, and the queue here fills,
 * and whoever prints waits in turn. So a slow client slows a printing cell rather than losing its
 * output or its idle status. A subscriber that takes nothing for {@link #STALL} is taken for stuck:
 * that message is dropped (and counted), and later ones wait only briefly until one goes through.
 */
final class IoPub implements Runnable {

    private static final Logger LOG = Logger.getLogger("dev.gpumagics.jupyter");

    /** Messages per subscriber ZeroMQ holds before a send waits: with 64 KiB batches, at most 16 MiB. */
    static final int HIGH_WATER_MARK = 256;
    /** Messages queued here before a publisher waits. */
    static final int QUEUE = 256;
    static final Duration STALL = Duration.ofSeconds(10);
    private static final int STALLED_WAIT_MS = 100;

    private static final Message STOP = new Message(List.of(), new JsonObject(), new JsonObject(), new JsonObject(),
            new JsonObject(), List.of());

    private final ZMQ.Socket socket;
    private final WireCodec codec;
    private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>(QUEUE);
    private volatile long dropped;

    IoPub(ZMQ.Socket socket, WireCodec codec) {
        this.socket = socket;
        this.codec = codec;
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

    long dropped() {
        return dropped;
    }

    @Override
    public void run() {
        boolean stalled = false;
        try {
            while (true) {
                Message message = queue.take();
                if (message == STOP) {
                    break;
                }
                List<byte[]> frames = codec.encode(message);
                if (Frames.send(socket, frames)) {
                    if (stalled) {
                        stalled = false;
                        socket.setSendTimeOut((int) STALL.toMillis());
                    }
                } else {
                    dropped++;
                    if (!stalled) {
                        stalled = true;
                        socket.setSendTimeOut(STALLED_WAIT_MS);
                        LOG.warning("iopub: a subscriber took nothing for " + STALL.toSeconds() + " s; dropping what it cannot take");
                    }
                }
                drainSubscriptions();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            socket.close();
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

    /** Sends what is queued (for up to {@code drain}), then ends the thread. */
    void stop(Duration drain) {
        if (!offer(STOP, drain)) {
            queue.clear();
            queue.offer(STOP);
        }
    }
}
