package dev.gpumagics.jupyter.server;

import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.ZError;

/** One ZeroMQ multipart message in or out. ZeroMQ delivers a multipart message whole, so reading to its last frame never reaches into the next one. */
final class Frames {

    /** The socket's loop is over: its token was cancelled or its context terminated. */
    static final class Stopped extends Exception {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }

    private Frames() {}

    /**
     * Blocks until a message comes.
     *
     * @return its frames; empty after a transient error (the caller reads again)
     * @throws Stopped when {@code token} is cancelled or the context is terminated
     */
    static List<byte[]> receive(ZMQ.Socket socket, ZMQ.CancellationToken token) throws Stopped {
        List<byte[]> frames = new ArrayList<>(8);
        try {
            byte[] first = socket.recv(0, token);
            if (first == null) {
                return List.of();
            }
            frames.add(first);
            while (socket.hasReceiveMore()) {
                byte[] next = socket.recv(0);
                if (next == null) {
                    break;
                }
                frames.add(next);
            }
            return frames;
        } catch (ZMQException e) {
            // not e.toString(): jeromq 0.6.0 throws while naming ECANCELED
            int code = e.getErrorCode();
            if (code == ZError.ECANCELED || code == ZError.ETERM) {
                throw new Stopped();
            }
            return List.of();
        }
    }

    /** A message already waiting on the socket, without waiting for one: empty when none is there. */
    static List<byte[]> receiveWaiting(ZMQ.Socket socket) {
        List<byte[]> frames = new ArrayList<>(8);
        try {
            byte[] first = socket.recv(ZMQ.DONTWAIT);
            if (first == null) {
                return List.of();
            }
            frames.add(first);
            while (socket.hasReceiveMore()) {
                byte[] next = socket.recv(0);
                if (next == null) {
                    break;
                }
                frames.add(next);
            }
            return frames;
        } catch (ZMQException e) {
            return List.of();
        }
    }

    /**
     * Wakes the thread blocked on this token's socket. Harmless when that thread has already closed
     * the socket (jeromq 0.6.0 throws then, from inside its context).
     */
    static void cancel(ZMQ.CancellationToken token) {
        try {
            token.cancel();
        } catch (RuntimeException e) {
            // the socket is gone: nothing to wake
        }
    }

    /** @return false when the socket would not take it (a send timeout, a closed context) */
    static boolean send(ZMQ.Socket socket, List<byte[]> frames) {
        try {
            for (int i = 0; i < frames.size(); i++) {
                if (!socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0)) {
                    return false;
                }
            }
            return true;
        } catch (ZMQException e) {
            return false;
        }
    }
}
