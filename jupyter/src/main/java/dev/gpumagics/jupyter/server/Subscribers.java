package dev.gpumagics.jupyter.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Who is subscribed to IOPub, each under a topic of its own, so that a message can be sent to one subscriber at a
 * time and a full one holds up nobody else.
 *
 * <p>The socket is an XPUB in manual mode: a client's subscription to a prefix {@code P} reaches the kernel, which
 * subscribes that client's connection itself to {@code P~7~} (a number of its own). A message whose topic is
 * {@code T} goes to each subscriber whose {@code P} starts {@code T}, with {@code P~7~T} as its first frame: that
 * starts with {@code P}, so the client's own SUB filter takes it, and Jupyter clients read nothing else of that
 * frame. A prefix with a {@code ~} in it, or a byte outside printable ASCII, is not subscribed (that client gets
 * nothing): without one, no subscriber's topic can start another's. In practice every client subscribes to the
 * empty prefix.
 *
 * <p>A client that went away stays listed: ZeroMQ drops its connection's subscriptions but says nothing of which
 * it was, so its topic then reaches nobody, at the cost of one send per message that goes nowhere.
 */
final class Subscribers {

    /** One subscription: a client's prefix on one connection, and its own topic. */
    static final class Subscriber {
        final byte[] prefix;
        final byte[] ownTopic;
        /** When a send last waited its limit for this subscriber and it lost that message; 0 if never. */
        long lastStall;

        Subscriber(byte[] prefix, byte[] ownTopic) {
            this.prefix = prefix;
            this.ownTopic = ownTopic;
        }

        boolean takes(byte[] topic) {
            return topic.length >= prefix.length && Arrays.equals(topic, 0, prefix.length, prefix, 0, prefix.length);
        }
    }

    private final List<Subscriber> all = new ArrayList<>();
    private long next;

    /** A new subscription to {@code prefix} from the connection ZeroMQ last handed up; empty when it is refused. */
    Optional<Subscriber> add(byte[] prefix) {
        if (!acceptable(prefix)) {
            return Optional.empty();
        }
        Subscriber subscriber = new Subscriber(prefix, concat(prefix, ("~" + next++ + "~").getBytes(StandardCharsets.US_ASCII)));
        all.add(subscriber);
        return Optional.of(subscriber);
    }

    /** Every topic a connection that unsubscribes from {@code prefix} may hold: which one it is, ZeroMQ does not say. */
    List<byte[]> topicsOf(byte[] prefix) {
        return all.stream().filter(s -> Arrays.equals(s.prefix, prefix)).map(s -> s.ownTopic).toList();
    }

    /** Those a message with this topic goes to, in the order they subscribed. */
    List<Subscriber> taking(byte[] topic) {
        return all.stream().filter(s -> s.takes(topic)).toList();
    }

    private static boolean acceptable(byte[] prefix) {
        for (byte b : prefix) {
            if (b < 0x20 || b == '~' || b == 0x7f) { // a byte past ASCII is negative here
                return false;
            }
        }
        return true;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
