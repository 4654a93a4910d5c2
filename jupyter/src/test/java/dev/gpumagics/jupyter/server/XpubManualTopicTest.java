package dev.gpumagics.jupyter.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * What IOPub's addressing depends on in JeroMQ 0.6.0: in manual mode a subscription reaches the application, a
 * subscribe call then applies to the connection that sent it alone, and that call leaves out its topic's first byte
 * (it reads the topic as a subscription message, whose first byte says subscribe or unsubscribe). Should a later JeroMQ
 * take the topic whole, this test fails, and {@code IoPub.SKIPPED} must go.
 */
class XpubManualTopicTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] frame) {
        return new String(frame, StandardCharsets.US_ASCII);
    }

    @Test
    void aManualSubscribeAppliesToTheLastSubscriberAndLeavesOutTheFirstByte() {
        try (ZMQ.Context context = ZMQ.context(1);
                ZMQ.Socket xpub = context.socket(SocketType.XPUB);
                ZMQ.Socket first = context.socket(SocketType.SUB);
                ZMQ.Socket second = context.socket(SocketType.SUB)) {
            xpub.setXpubManual(true);
            xpub.setLinger(0);
            int port = xpub.bindToRandomPort("tcp://127.0.0.1");
            for (ZMQ.Socket sub : new ZMQ.Socket[] {first, second}) {
                sub.setLinger(0);
                sub.setReceiveTimeOut(2000);
                sub.subscribe(new byte[0]);
                sub.connect("tcp://127.0.0.1:" + port);
            }
            xpub.setReceiveTimeOut(5000);
            assertArrayEquals(new byte[] {1}, xpub.recv(0), "one connection's subscription to everything");
            xpub.subscribe(bytes("Xone~"));
            assertArrayEquals(new byte[] {1}, xpub.recv(0), "the other's");
            xpub.subscribe(bytes("Xtwo~"));

            xpub.send(bytes("one~a"));
            xpub.send(bytes("two~b"));
            xpub.send(bytes("Xone~c"));
            // which connection's subscription came first is ZeroMQ's to say: each got exactly one of the two
            String got = text(first.recv(0)) + " " + text(second.recv(0));
            assertTrue(got.equals("one~a two~b") || got.equals("two~b one~a"), got);
            first.setReceiveTimeOut(300);
            second.setReceiveTimeOut(300);
            assertNull(first.recv(0), "a topic with its first byte kept matches nothing");
            assertNull(second.recv(0));
        }
    }
}
