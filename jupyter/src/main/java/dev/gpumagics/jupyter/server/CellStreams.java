package dev.gpumagics.jupyter.server;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.gpumagics.jupyter.wire.Message;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * stdout and stderr as stream messages on IOPub, and the one gate every IOPub message of a request
 * passes: printed text is batched ({@link OutputLimits}), and whatever is published goes after the
 * text printed before it. Text belongs to the request running when it is sent; text printed by a
 * thread after its request ended goes with the next one's parent, as ipykernel does.
 */
final class CellStreams {

    private static final int OUT = 0;
    private static final int ERR = 1;
    private static final String[] NAMES = {"stdout", "stderr"};

    private final IoPub iopub;
    private final Envelopes envelopes;
    private final OutputLimits limits;
    private final ByteArrayOutputStream[] pending = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "gpumagics-output-flush");
        thread.setDaemon(true);
        return thread;
    });
    private final PrintStream out = new PrintStream(new Sink(OUT), true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(new Sink(ERR), true, StandardCharsets.UTF_8);
    private volatile JsonObject parent = new JsonObject();
    private long taken;
    private long droppedBytes;
    private long droppedLines;
    private boolean flushScheduled;
    private volatile boolean running;
    /** The running request was interrupted: what it prints from then on is counted, not sent. */
    private volatile boolean interrupted;
    /** What the interrupt took out of IOPub's queue, counted apart: it is taken without this object's lock. */
    private final java.util.concurrent.atomic.AtomicLong withdrawnBytes = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong withdrawnLines = new java.util.concurrent.atomic.AtomicLong();

    CellStreams(IoPub iopub, Envelopes envelopes, OutputLimits limits) {
        this.iopub = iopub;
        this.envelopes = envelopes;
        this.limits = limits;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** From here on, output belongs to the request with this header. */
    synchronized void begin(JsonObject requestHeader) {
        flushAll();
        parent = requestHeader;
        taken = 0;
        droppedBytes = 0;
        droppedLines = 0;
        withdrawnBytes.set(0);
        withdrawnLines.set(0);
        interrupted = false;
        running = true;
    }

    /**
     * The running request was interrupted: its text still waiting here or in IOPub's queue is dropped, as is what
     * it prints until it stops, so that its idle comes right after what is already on its way to the client; one
     * note at its end says how much was not sent.
     */
    void interrupted() {
        // not under this object's lock: a printing thread may hold it while it waits for room in IOPub's queue
        if (!running) {
            return;
        }
        interrupted = true;
        JsonElement id = parent.get("msg_id");
        if (id instanceof JsonPrimitive primitive && primitive.isString()) {
            for (String text : iopub.withdrawStreams(primitive.getAsString())) {
                withdrawnBytes.addAndGet(text.getBytes(StandardCharsets.UTF_8).length);
                withdrawnLines.addAndGet(text.chars().filter(c -> c == '\n').count());
            }
        }
    }

    private void countDropped(byte[] bytes, int offset, int length) {
        droppedBytes += length;
        for (int i = offset; i < offset + length; i++) {
            droppedLines += bytes[i] == '\n' ? 1 : 0;
        }
    }

    /** Sends what the request printed and, if some of it was over the limit, the one note that says how much. */
    synchronized void end() {
        flushAll(); // a character the request left cut in two is sent as what it is: broken
        running = false;
        droppedBytes += withdrawnBytes.getAndSet(0);
        droppedLines += withdrawnLines.getAndSet(0);
        if (droppedBytes > 0) {
            JsonObject content = new JsonObject();
            content.addProperty("name", NAMES[ERR]);
            content.addProperty("text", interrupted
                    ? String.format(Locale.ROOT, "%n[output cut by the interrupt: %,d more bytes (%,d lines) were not sent]%n",
                            droppedBytes, droppedLines)
                    : String.format(Locale.ROOT, "%n[output cut: %,d more bytes (%,d lines) were left out; a cell shows at most %,d MiB]%n",
                            droppedBytes, droppedLines, limits.requestBytes() / (1024 * 1024)));
            iopub.publish(envelopes.publish(parent, "stream", content));
            droppedBytes = 0;
            droppedLines = 0;
        }
    }

    /** Publishes a message of the running request, after the text printed before it. */
    synchronized void publish(String type, JsonObject content) {
        flush();
        iopub.publish(envelopes.publish(parent, type, content));
    }

    /** Publishes a message about another request (a status), after the text printed before it. */
    synchronized void publish(Message message) {
        flush();
        iopub.publish(message);
    }

    /**
     * Sends the text waiting, up to its last whole character: the bytes of a character written in two parts
     * wait for the rest, however long apart the parts come.
     */
    synchronized void flush() {
        send(OUT, false);
        send(ERR, false);
    }

    private void flushAll() {
        send(OUT, true);
        send(ERR, true);
    }

    private synchronized void write(int stream, byte[] bytes, int offset, int length) {
        long room = interrupted ? 0 : Math.max(0, limits.requestBytes() - taken);
        int kept = (int) Math.min(length, room);
        if (kept < length) {
            countDropped(bytes, offset + kept, length - kept);
        }
        if (kept == 0) {
            return;
        }
        taken += kept;
        send(1 - stream, false); // keeps stdout and stderr in the order they were written, batch by batch
        pending[stream].write(bytes, offset, kept);
        if (pending[stream].size() >= limits.batchBytes()) {
            send(stream, false);
        } else if (!flushScheduled) {
            scheduleFlush();
        }
    }

    private synchronized void timedFlush() {
        flushScheduled = false;
        flush(); // the start of a character stays: the write of its rest schedules the next flush
    }

    private void scheduleFlush() {
        flushScheduled = true;
        timer.schedule(this::timedFlush, limits.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @param all whether a character cut in two is sent too (else it waits for its other bytes) */
    private void send(int stream, boolean all) {
        ByteArrayOutputStream buffer = pending[stream];
        if (buffer.size() == 0) {
            return;
        }
        byte[] bytes = buffer.toByteArray();
        if (interrupted) {
            countDropped(bytes, 0, bytes.length);
            buffer.reset();
            return;
        }
        int end = all ? bytes.length : completeUtf8(bytes);
        buffer.reset();
        buffer.write(bytes, end, bytes.length - end);
        if (end == 0) {
            return;
        }
        JsonObject content = new JsonObject();
        content.addProperty("name", NAMES[stream]);
        content.addProperty("text", new String(bytes, 0, end, StandardCharsets.UTF_8));
        iopub.publish(envelopes.publish(parent, "stream", content));
    }

    /** Where the last whole UTF-8 character ends. */
    static int completeUtf8(byte[] bytes) {
        int n = bytes.length;
        for (int back = 1; back <= Math.min(4, n); back++) {
            int b = bytes[n - back] & 0xff;
            if ((b & 0xc0) == 0x80) {
                continue; // a continuation byte: look further back for its lead
            }
            int length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
            return length > back ? n - back : n;
        }
        return n;
    }

    void close() {
        timer.shutdownNow();
    }

    private final class Sink extends OutputStream {
        private final int stream;

        Sink(int stream) {
            this.stream = stream;
        }

        @Override
        public void write(int b) {
            CellStreams.this.write(stream, new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            CellStreams.this.write(stream, bytes, offset, length);
        }

        @Override
        public void flush() {
            // println flushes after every line: batching is the point, so the timer and the size decide
        }
    }
}
