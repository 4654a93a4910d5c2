package dev.gpumagics.jupyter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.jupyter.ConnectionFile;
import dev.gpumagics.jupyter.wire.Decoded;
import dev.gpumagics.jupyter.wire.Message;
import dev.gpumagics.jupyter.wire.ReplayGuard;
import dev.gpumagics.jupyter.wire.Signer;
import dev.gpumagics.jupyter.wire.WireCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * IOPub with a subscriber that never reads (any local process can connect one: subscribing needs no key), over
 * real ZeroMQ: the client that reads gets every byte and its idle, and so do the cells after; the one that does
 * not read loses only its own messages.
 */
class IoPubSubscribersTest {

    private static final Duration IDLE = Duration.ofSeconds(60);
    private static final int LINES = 200_000; // 20 MB: far past what the stuck subscriber's queues hold

    private final ScriptedKernel kernel = new ScriptedKernel();
    private KernelServer server;
    private TestClient client;
    private WireCodec stuckCodec;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (client != null) {
            client.close();
        }
    }

    private static long streamBytes(List<Message> messages) {
        return messages.stream().filter(m -> m.type().equals("stream"))
                .mapToLong(m -> m.contentObject().get("text").getAsString().length()).sum();
    }

    /** A second SUB that subscribes to everything (the test decides whether it reads), with a 1-message receive queue or ZeroMQ's default. */
    private ZMQ.Socket extraSubscriber(int receiveHighWaterMark) throws InterruptedException {
        ZMQ.Socket stuck = client.context.socket(SocketType.SUB);
        stuck.setLinger(0);
        if (receiveHighWaterMark > 0) {
            stuck.setRcvHWM(receiveHighWaterMark);
        }
        stuck.subscribe(new byte[0]);
        stuck.connect(server.connection().endpoint(server.connection().iopubPort()));
        client.awaitSubscribed(); // the kernel has taken every subscription sent before the reader's nudge got through
        return stuck;
    }

    private void start() throws Exception {
        server = KernelServer.start(ConnectionFile.loopbackAnyPorts("test-key"), kernel, OutputLimits.DEFAULT);
        kernel.attach(server);
        client = new TestClient(server.connection());
        stuckCodec = new WireCodec(Signer.of("hmac-sha256", "test-key"), new ReplayGuard(1 << 16));
        client.awaitSubscribed();
    }

    /** @param lines enough to fill what the stuck subscriber holds: its receive queue, both TCP buffers, ours */
    private void readerGetsEverythingBesideAStuckSubscriber(int stuckHighWaterMark, int lines) throws Exception {
        start();
        ZMQ.Socket stuck = extraSubscriber(stuckHighWaterMark);
        Message big = client.send(client.shell, "execute_request", TestClient.execute("print " + lines, false));
        assertEquals(lines * 100L, streamBytes(client.untilIdle(big, IDLE)), "every byte, then idle");
        assertEquals("ok", client.reply(client.shell).contentObject().get("status").getAsString());
        for (int i = 0; i < 3; i++) {
            Message after = client.send(client.shell, "execute_request", TestClient.execute("print 3", false));
            assertEquals(300, streamBytes(client.untilIdle(after, IDLE)), "cell " + i + " after the big one");
            client.reply(client.shell);
        }
        stuck.close();
    }

    @Test
    void aSubscriberWithAOneMessageQueueThatNeverReadsStallsNobody() throws Exception {
        readerGetsEverythingBesideAStuckSubscriber(1, LINES);
    }

    @Test
    void aSubscriberWithZeroMqsDefaultsThatNeverReadsStallsNobody() throws Exception {
        // ZeroMQ's default receive queue is 1,000 messages, 64 MB of 64 KiB batches: 150 MB fill it
        readerGetsEverythingBesideAStuckSubscriber(0, 1_500_000);
    }

    @Test
    void aSubscriberThatReadsSlowlyLosesNothing() throws Exception {
        start();
        ZMQ.Socket slow = extraSubscriber(1);
        java.util.concurrent.atomic.AtomicLong slowBytes = new java.util.concurrent.atomic.AtomicLong();
        Message big = client.message("execute_request", TestClient.execute("print " + LINES, false));
        Thread reader = new Thread(() -> {
            for (Message m = next(slow, 10_000); m != null; m = next(slow, 10_000)) {
                if (m.type().equals("stream")) {
                    slowBytes.addAndGet(m.contentObject().get("text").getAsString().length());
                }
                if (big.id().equals(TestClient.parentId(m)) && m.type().equals("status")
                        && m.contentObject().get("execution_state").getAsString().equals("idle")) {
                    return;
                }
                LockSupport.parkNanos(3_000_000); // about 20 MB/s of 64 KiB batches
            }
        }, "slow-reader");
        reader.start();
        client.sendFrames(client.shell, client.codec.encode(big));
        assertEquals(LINES * 100L, streamBytes(client.untilIdle(big, IDLE)));
        reader.join(IDLE.toMillis());
        assertEquals(LINES * 100L, slowBytes.get(), "the slow reader got every byte too");
        slow.close();
    }

    @Test
    void aStuckSubscriberLosesOnlyItsOwnMessagesAndGetsLaterOnesOnceItReadsAgain() throws Exception {
        start();
        ZMQ.Socket stuck = extraSubscriber(1);
        Message big = client.send(client.shell, "execute_request", TestClient.execute("print " + LINES, false));
        assertEquals(LINES * 100L, streamBytes(client.untilIdle(big, IDLE)));
        client.reply(client.shell);
        long bigBytes = 0;
        for (Message m = next(stuck, 2000); m != null; m = next(stuck, 2000)) {
            bigBytes += m.type().equals("stream") ? m.contentObject().get("text").getAsString().length() : 0;
        }
        assertTrue(bigBytes < LINES * 100L, "the stuck subscriber lost part of what it did not read: it got " + bigBytes);

        Message later = client.send(client.shell, "execute_request", TestClient.execute("print 2", false));
        client.untilIdle(later, IDLE);
        Message seen = next(stuck, 10_000);
        while (seen != null && !(later.id().equals(TestClient.parentId(seen)) && seen.type().equals("status")
                && seen.contentObject().get("execution_state").getAsString().equals("idle"))) {
            seen = next(stuck, 10_000);
        }
        assertTrue(seen != null, "once it reads again, a later cell's messages reach it, its idle included");
        stuck.close();
    }

    /** The next message a SUB socket has, decoded, or null when none comes within the time. */
    private @Nullable Message next(ZMQ.Socket sub, int timeoutMillis) {
        sub.setReceiveTimeOut(timeoutMillis);
        byte[] first = sub.recv(0);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new java.util.ArrayList<>(List.of(first));
        while (sub.hasReceiveMore()) {
            frames.add(sub.recv(0));
        }
        // a codec of its own: the reader's remembers every signature it saw, and would take these for replays
        if (stuckCodec.decode(frames) instanceof Decoded.Accepted accepted) {
            return accepted.message();
        }
        throw new AssertionError("a message the stuck subscriber cannot read");
    }
}
