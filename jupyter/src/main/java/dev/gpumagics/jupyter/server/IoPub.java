package dev.gpumagics.jupyter.server;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.gpumagics.jupyter.wire.Message;
import dev.gpumagics.jupyter.wire.WireCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The IOPub socket and the one thread that sends on it, in the order messages were queued.
 *
 * <p>Each subscriber is sent each message on its own ({@link Subscribers}), with a send that waits while that
 * subscriber's queue is full ({@code ZMQ_XPUB_NODROP}): a client that reads slowly slows a printing cell down
 * rather than losing output. A send that has waited {@link #STALL} means that subscriber freed no room in that
 * time: the same message is then sent to it once more without waiting, as a plain PUB sends, which drops it for
 * that subscriber alone, and ZeroMQ sets its connection aside (it gets nothing, and no send waits for it) until it
 * reads again. After that, for {@link #SUSPECT} a send waits only {@link #SUSPECT_WAIT} for it. The others are
 * never held up past that, and lose nothing. (A send to all subscribers at once cannot do this: its wait covers all
 * of them, and its drop every one that is full at that moment, a reader that only lagged included.)
 */
final class IoPub implements Runnable {

    private static final Logger LOG = Logger.getLogger("dev.gpumagics.jupyter");

    /**
     * Messages per subscriber ZeroMQ holds before a send to it waits: with 64 KiB batches, 1 MiB. ZeroMQ learns of a
     * reader's progress every half of it, so a reader that takes 512 KiB within {@link #STALL} is never set aside.
     */
    static final int HIGH_WATER_MARK = 16;
    /** Messages queued here before a publisher waits. */
    static final int QUEUE = 64;
    /**
     * A client that reads but fell behind frees room in chunks: its own queue lets its connection read on only after
     * half of it was taken (pyzmq's 1,000 messages: 500, 32 MB of full batches), so this is what a reader at 32 MB/s
     * needs. A never-reading subscriber costs a send this once.
     */
    static final Duration STALL = Duration.ofSeconds(1);
    /** How long a subscriber that lost a message is waited for less: one that reads again frees room at once. */
    static final Duration SUSPECT = Duration.ofSeconds(10);
    static final Duration SUSPECT_WAIT = Duration.ofMillis(200);
    /**
     * JeroMQ 0.6.0's manual subscribe reads its topic as it reads a subscription message, whose first byte says
     * subscribe or unsubscribe: it leaves that byte out. {@code XpubManualTopicTest} checks it.
     */
    private static final byte[] SKIPPED = {1};

    private static final Message STOP = new Message(List.of(), new JsonObject(), new JsonObject(), new JsonObject(),
            new JsonObject(), List.of());

    private final ZMQ.Socket socket;
    private final WireCodec codec;
    private final Subscribers subscribers = new Subscribers();
    private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>(QUEUE);
    private boolean warned;

    IoPub(ZMQ.Socket socket, WireCodec codec) {
        this.socket = socket;
        this.codec = codec;
    }

    /** Before the socket is bound, so that no connection is ever subscribed in ZeroMQ's own way. */
    static void prepare(ZMQ.Socket socket) {
        socket.setXpubManual(true);
        socket.setXpubNoDrop(true);
        socket.setSndHWM(HIGH_WATER_MARK);
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
                deliver(message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            socket.close();
        }
    }

    private void deliver(Message message) {
        takeSubscriptions();
        byte[] topic = message.identities().isEmpty() ? new byte[0] : message.identities().get(0);
        List<Subscribers.Subscriber> taking = subscribers.taking(topic);
        if (taking.isEmpty()) {
            return;
        }
        List<byte[]> frames = codec.encode(message);
        List<byte[]> body = frames.subList(message.identities().isEmpty() ? 0 : 1, frames.size());
        for (Subscribers.Subscriber subscriber : taking) {
            if (send(subscriber, topic, body, Duration.ZERO)) {
                continue;
            }
            // full: wait for it (retrying the same send is safe; a send to another would also go to it)
            Duration wait = patience(subscriber, System.nanoTime());
            if (!send(subscriber, topic, body, wait)) {
                dropFor(subscriber, topic, body, wait);
            }
        }
    }

    /** How long a send waits for a full subscriber before it loses that message. */
    private static Duration patience(Subscribers.Subscriber subscriber, long now) {
        if (subscriber.lastStall != 0 && now - subscriber.lastStall < SUSPECT.toNanos()) {
            return SUSPECT_WAIT;
        }
        return STALL;
    }

    /**
     * The send that waited its limit left this subscriber marked as its recipient (ZeroMQ keeps that for a retry of
     * the same message, and would add it to the next message's recipients): this same message, sent without
     * waiting, is dropped for it, and its connection set aside until it reads again.
     */
    private void dropFor(Subscribers.Subscriber subscriber, byte[] topic, List<byte[]> body, Duration waited) {
        try {
            socket.setXpubNoDrop(false);
            send(subscriber, topic, body, Duration.ZERO);
        } finally {
            socket.setXpubNoDrop(true);
        }
        subscriber.lastStall = System.nanoTime();
        Level level = warned ? Level.FINE : Level.WARNING;
        warned = true;
        if (LOG.isLoggable(level)) {
            LOG.log(level, "iopub: a subscriber freed no room for " + waited.toMillis() + " ms; it loses what it has no room"
                    + " for until it reads again, and the others get everything"
                    + (level == Level.WARNING ? " (further ones are logged at FINE)" : ""));
        }
    }

    /** One message to one subscriber: its topic before the message's own, then the rest of the frames. */
    private boolean send(Subscribers.Subscriber subscriber, byte[] topic, List<byte[]> body, Duration wait) {
        try {
            socket.setSendTimeOut((int) wait.toMillis());
            if (!socket.send(Subscribers.concat(subscriber.ownTopic, topic), ZMQ.SNDMORE)) {
                return false;
            }
            // the first frame decides: ZeroMQ counts whole messages against the high-water mark
            for (int i = 0; i < body.size(); i++) {
                socket.send(body.get(i), i < body.size() - 1 ? ZMQ.SNDMORE : 0);
            }
            return true;
        } catch (ZMQException e) {
            return false;
        }
    }

    /**
     * What the XPUB socket hands up: in manual mode every (un)subscription, each right after which a subscribe call
     * applies to the connection that sent it. Anything else a peer sends up is read and dropped.
     */
    private void takeSubscriptions() {
        try {
            byte[] frame;
            while ((frame = socket.recv(ZMQ.DONTWAIT)) != null) {
                boolean more = socket.hasReceiveMore();
                while (more && socket.recv(ZMQ.DONTWAIT) != null) {
                    more = socket.hasReceiveMore();
                }
                if (frame.length == 0 || (frame[0] != 0 && frame[0] != 1)) {
                    continue;
                }
                byte[] prefix = Arrays.copyOfRange(frame, 1, frame.length);
                if (frame[0] == 1) {
                    subscribers.add(prefix).ifPresent(added -> socket.subscribe(Subscribers.concat(SKIPPED, added.ownTopic)));
                } else {
                    subscribers.topicsOf(prefix).forEach(own -> socket.unsubscribe(Subscribers.concat(SKIPPED, own)));
                }
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
        List<String> texts = new ArrayList<>();
        queue.removeIf(message -> {
            boolean ours = message.type().equals("stream") && message.parentHeader().get("msg_id") instanceof JsonPrimitive id
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
