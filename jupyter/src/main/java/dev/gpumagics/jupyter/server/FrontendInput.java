package dev.gpumagics.jupyter.server;

import dev.gpumagics.jupyter.wire.Message;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code System.in} for cells: each line is asked of the frontend (input_request). A frontend that
 * said it takes no input (allow_stdin false), or a read outside any request, gets one line saying so
 * rather than an end of input that reads as "No line found".
 */
final class FrontendInput extends InputStream {

    /** The request whose cell may read, and whether its frontend answers. */
    private record Reader(Message request, boolean allowed) {}

    private final StdinChannel stdin;
    private final CellStreams streams;
    private volatile Optional<Reader> reader = Optional.empty();
    private byte[] line = new byte[0];
    private int next;

    FrontendInput(StdinChannel stdin, CellStreams streams) {
        this.stdin = stdin;
        this.streams = streams;
    }

    void begin(Message request, boolean allowed) {
        reader = Optional.of(new Reader(request, allowed));
    }

    synchronized void end() {
        reader = Optional.empty();
        line = new byte[0];
        next = 0;
    }

    @Override
    public synchronized int read() throws InterruptedIOException {
        if (!fill()) {
            return -1;
        }
        return line[next++] & 0xff;
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int length) throws InterruptedIOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, line.length - next);
        System.arraycopy(line, next, buffer, offset, n);
        next += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return line.length - next;
    }

    /** No stack: where in the reading library it was refused tells the reader nothing; the line says it all. */
    private static IllegalStateException refusal(String line) {
        IllegalStateException e = new IllegalStateException(line);
        e.setStackTrace(new StackTraceElement[0]);
        return e;
    }

    private boolean fill() throws InterruptedIOException {
        if (next < line.length) {
            return true;
        }
        Reader current = reader.orElseThrow(() -> refusal(
                "System.in can only be read while a cell runs: input is asked of the frontend that ran it"));
        if (!current.allowed()) {
            throw refusal("this frontend does not accept input (its request said allow_stdin=False):"
                    + " System.in cannot be read here; run the cell in a notebook or console that answers input requests");
        }
        streams.flush(); // a prompt printed without a newline shows before the frontend asks
        try {
            String answer = stdin.ask(current.request(), "", false);
            line = (answer + "\n").getBytes(StandardCharsets.UTF_8);
            next = 0;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for input");
        }
    }
}
