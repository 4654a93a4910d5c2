package dev.gpumagics.jupyter.server;

import java.util.List;
import org.zeromq.ZMQ;

/** The heartbeat: every message on the ROUTER socket goes straight back to its sender. */
final class Heartbeat implements Runnable {

    private final ZMQ.Socket socket;
    private final ZMQ.CancellationToken token;

    Heartbeat(ZMQ.Socket socket) {
        this.socket = socket;
        this.token = socket.createCancellationToken();
    }

    @Override
    public void run() {
        try {
            while (true) {
                List<byte[]> frames = Frames.receive(socket, token);
                if (!frames.isEmpty()) {
                    Frames.send(socket, frames);
                }
            }
        } catch (Frames.Stopped stopped) {
            // stop() or the context's end
        } finally {
            socket.close();
        }
    }

    void stop() {
        Frames.cancel(token);
    }
}
