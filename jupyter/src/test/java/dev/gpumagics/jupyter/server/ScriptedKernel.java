package dev.gpumagics.jupyter.server;

import dev.gpumagics.jupyter.kernel.CellOutput;
import dev.gpumagics.jupyter.kernel.Completeness;
import dev.gpumagics.jupyter.kernel.Completion;
import dev.gpumagics.jupyter.kernel.ExecuteOutcome;
import dev.gpumagics.jupyter.kernel.ExecuteRequest;
import dev.gpumagics.jupyter.kernel.KernelInfo;
import dev.gpumagics.jupyter.kernel.LanguageKernel;
import dev.gpumagics.jupyter.kernel.MimeBundle;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A kernel whose cells are commands: {@code print N} prints N lines of 99 characters, {@code overflow}
 * throws a StackOverflowError, {@code fail later} throws after 300 ms, {@code loop} spins until interrupted, {@code read} reads a line of input,
 * {@code live N} shows a display that a thread of the cell updates N times while the cell prints,
 * {@code outlive} leaves a thread updating a display after the cell ended, {@code split} writes one character in two
 * parts 200 ms apart, {@code spew} prints until interrupted, {@code page}
 * pages, {@code clear} prints and clears, anything else is its own value. It records what it was asked.
 */
final class ScriptedKernel implements LanguageKernel {

    volatile PrintStream out = System.out;
    volatile java.io.InputStream in = System.in;
    final AtomicInteger executed = new AtomicInteger();
    final AtomicInteger interrupts = new AtomicInteger();
    final List<Integer> cursors = new CopyOnWriteArrayList<>();
    private final AtomicBoolean interrupted = new AtomicBoolean();
    /** The thread reading input for {@code read}: what interrupt stops, as a real kernel stops its cell's thread. */
    private volatile @org.jspecify.annotations.Nullable Thread reading;

    void attach(KernelServer server) {
        out = server.out();
        in = server.in();
    }

    @Override
    public KernelInfo info() {
        return new KernelInfo("scripted", "1", "commands", "1", "text/plain", ".txt", "text", "text", "a test kernel");
    }

    @Override
    public ExecuteOutcome execute(ExecuteRequest request, CellOutput output) {
        executed.incrementAndGet();
        interrupted.set(false);
        String code = request.code();
        if (code.startsWith("live ")) {
            return live(Integer.parseInt(code.substring(5)), output);
        }
        if (code.startsWith("print ")) {
            String line = "z".repeat(99);
            for (int i = 0, n = Integer.parseInt(code.substring(6)); i < n; i++) {
                out.println(line);
            }
            return ExecuteOutcome.done(Optional.empty());
        }
        switch (code) {
            case "overflow" -> throw new StackOverflowError();
            case "fail later" -> {
                sleep(300); // long enough for whatever was sent with it to be waiting
                throw new IllegalStateException("failed later");
            }
            case "loop" -> {
                while (!interrupted.get()) {
                    Thread.onSpinWait();
                }
                return ExecuteOutcome.done(Optional.of(MimeBundle.text("stopped")));
            }
            case "read" -> {
                return read();
            }
            case "outlive" -> {
                output.display(MimeBundle.text("frame 0"), "outliving");
                Thread late = new Thread(() -> {
                    for (int i = 1; i <= 50 && !interrupted.get(); i++) {
                        sleep(10);
                        output.update(MimeBundle.text("frame " + i), "outliving");
                        output.display(MimeBundle.text("late " + i));
                    }
                }, "outliving-sampler");
                late.setDaemon(true);
                late.start();
                return ExecuteOutcome.done(Optional.empty());
            }
            case "page" -> {
                return ExecuteOutcome.paged(MimeBundle.text("the documentation"));
            }
            case "clear" -> {
                out.print("shown, then cleared");
                output.clear(true);
                return ExecuteOutcome.done(Optional.empty());
            }
            case "spew" -> {
                String line = "s".repeat(99);
                while (!interrupted.get()) {
                    out.println(line);
                }
                out.println("printed after the interrupt"); // as a cell that takes a moment to stop
                return ExecuteOutcome.done(Optional.empty());
            }
            case "split" -> {
                // one 4-byte character written 2 + 2, farther apart than a batch waits
                out.write(new byte[] {(byte) 0xF0, (byte) 0x9F}, 0, 2);
                out.flush();
                sleep(200);
                out.write(new byte[] {(byte) 0x98, (byte) 0x80}, 0, 2);
                out.flush();
                return ExecuteOutcome.done(Optional.empty());
            }
            case "display" -> {
                out.print("before ");
                output.display(MimeBundle.text("shown"));
                out.print("after");
                return ExecuteOutcome.done(Optional.empty());
            }
            default -> {
                return ExecuteOutcome.done(Optional.of(MimeBundle.text(code)));
            }
        }
    }

    /** Reads a line on a thread of its own, which interrupt stops (never the shell's thread: ZeroMQ's is there). */
    private ExecuteOutcome read() {
        java.util.concurrent.atomic.AtomicReference<Object> got = new java.util.concurrent.atomic.AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                got.set("read " + new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine());
            } catch (java.io.IOException e) {
                got.set(new IllegalStateException(e.getMessage(), e));
            } catch (RuntimeException e) {
                got.set(e);
            }
        }, "scripted-reader");
        reading = reader;
        reader.start();
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            reading = null;
        }
        if (got.get() instanceof RuntimeException failed) {
            throw failed;
        }
        return ExecuteOutcome.done(Optional.of(MimeBundle.text(String.valueOf(got.get()))));
    }

    /** The cell's thread prints while a sampler thread prints a line, then updates the display, {@code frames} times. */
    private ExecuteOutcome live(int frames, CellOutput output) {
        output.display(MimeBundle.text("frame 0"), "live-view");
        Thread sampler = new Thread(() -> {
            for (int i = 1; i <= frames; i++) {
                out.print("sampled " + i + "\n");
                output.update(MimeBundle.text("frame " + i), "live-view");
            }
        }, "live-sampler");
        sampler.start();
        for (int i = 0; i < 200; i++) {
            out.println("cell " + i);
        }
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExecuteOutcome.done(Optional.of(MimeBundle.text("done")));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An expression {@code fail} fails; any other is its own value, upper-cased. */
    @Override
    public ExecuteOutcome evaluate(String expression) {
        if (expression.equals("fail")) {
            return ExecuteOutcome.failed(new dev.gpumagics.jupyter.kernel.Failure("Refused", "fail fails", List.of("fail fails")));
        }
        return ExecuteOutcome.done(Optional.of(MimeBundle.text(expression.toUpperCase(java.util.Locale.ROOT))));
    }

    @Override
    public Completion complete(String code, int cursor) {
        cursors.add(cursor);
        return new Completion(List.of("done"), cursor, cursor);
    }

    @Override
    public Optional<MimeBundle> inspect(String code, int cursor, int detailLevel) {
        cursors.add(cursor);
        return Optional.of(MimeBundle.text("doc"));
    }

    @Override
    public Completeness isComplete(String code) {
        return Completeness.of(Completeness.Status.COMPLETE);
    }

    @Override
    public void interrupt() {
        interrupts.incrementAndGet();
        interrupted.set(true);
        Thread thread = reading;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public void shutdown(boolean restart) {
        interrupted.set(true);
    }
}
