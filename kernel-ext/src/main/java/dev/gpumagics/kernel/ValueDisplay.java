package dev.gpumagics.kernel;

import com.google.gson.JsonPrimitive;
import dev.gpumagics.jupyter.kernel.MimeBundle;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Shows a cell's value: its {@code toString()} (or a renderer) runs on a thread of its own, so that
 * interrupt stops it as it stops the cell, and within limits: a rendering that runs past
 * {@link #TIME_LIMIT} is stopped, and text past {@link #TEXT_LIMIT} characters is cut. Either limit
 * says so in what is shown.
 */
final class ValueDisplay {

    static final Duration TIME_LIMIT = Duration.ofSeconds(10);
    static final int TEXT_LIMIT = 1 << 20;

    /** Showing the value threw (a StackOverflowError in a recursive toString, say): the cell's error. */
    static final class RenderFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RenderFailure(Throwable cause) {
            super(cause.toString(), cause, false, false);
        }
    }

    /** Interrupt stopped the rendering. */
    static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Interrupted() {
            super("the cell was interrupted while its value was shown", null, false, false);
        }
    }

    private final Function<@Nullable Object, MimeBundle> renderer;
    private final Duration timeLimit;
    private final int textLimit;
    private volatile ExecutorService executor = newExecutor();
    private volatile @Nullable Thread rendering;
    private volatile boolean interrupted;

    ValueDisplay(Function<@Nullable Object, MimeBundle> renderer) {
        this(renderer, TIME_LIMIT, TEXT_LIMIT);
    }

    ValueDisplay(Function<@Nullable Object, MimeBundle> renderer, Duration timeLimit, int textLimit) {
        this.renderer = renderer;
        this.timeLimit = timeLimit;
        this.textLimit = textLimit;
    }

    /** On the shell thread, one value at a time. */
    MimeBundle show(@Nullable Object value) {
        interrupted = false;
        Future<MimeBundle> future = executor.submit(() -> {
            rendering = Thread.currentThread();
            try {
                return renderer.apply(value);
            } finally {
                rendering = null;
            }
        });
        try {
            return cut(future.get(timeLimit.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            stopRendering();
            return MimeBundle.text(String.format(Locale.ROOT,
                    "[value not shown: showing it (its toString()) ran past the %d s limit and was stopped]",
                    timeLimit.toSeconds()));
        } catch (ExecutionException e) {
            if (interrupted) {
                throw new Interrupted();
            }
            throw new RenderFailure(e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRendering();
            throw new Interrupted();
        }
    }

    /** From another thread: stops a rendering in progress, as interrupt stops a cell. */
    void interrupt() {
        if (rendering != null) {
            interrupted = true;
            stopRendering();
        }
    }

    /** An interrupt first; then, for a loop that never looks at the flag, Thread.stop, as for a cell. */
    @SuppressWarnings({"deprecation", "removal"})
    private synchronized void stopRendering() {
        Thread thread = rendering;
        if (thread == null) {
            return;
        }
        thread.interrupt();
        for (int i = 0; i < 20 && rendering == thread; i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (rendering == thread) {
            thread.stop();
        }
        // the stopped thread may hold locks a rendering took: the next value gets a fresh one
        executor.shutdownNow();
        executor = newExecutor();
    }

    private MimeBundle cut(MimeBundle bundle) {
        String text = bundle.plainText();
        if (text.length() <= textLimit) {
            return bundle;
        }
        String shown = text.substring(0, textLimit) + String.format(Locale.ROOT,
                "%n[cut: the value's text is %,d characters; the first %,d are shown]", text.length(), textLimit);
        return bundle.with("text/plain", new JsonPrimitive(shown));
    }

    private static ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "gpumagics-value-display");
            thread.setDaemon(true);
            return thread;
        });
    }
}
