package dev.gpumagics.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jshell.execution.DirectExecutionControl;
import org.jspecify.annotations.Nullable;

/**
 * Runs snippets in this process, each on one worker thread so that an interrupt can stop it, and
 * keeps what the last snippet returned or threw as live objects (JShell itself only sees strings).
 */
final class NotebookExecutionControl extends DirectExecutionControl {

    /** What JShell's {@code varValue} was asked for while {@link #locate} runs: the snippet class and field. */
    record FieldRef(String className, String fieldName) {}

    private final AtomicReference<@Nullable Thread> worker = new AtomicReference<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "gpumagics-notebook");
        thread.setDaemon(true);
        worker.set(thread);
        return thread;
    });
    private final ThreadLocal<FieldRef[]> locating = new ThreadLocal<>();
    private final FreedVariables freed = new FreedVariables();
    private volatile boolean running;
    private volatile boolean stopRequested;
    private @Nullable Object lastValue;
    private boolean hasValue;
    private @Nullable Throwable lastThrown;

    NotebookExecutionControl(NotebookLoaderDelegate delegate) {
        super(delegate);
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        Future<@Nullable Object> result = executor.submit(() -> {
            running = true;
            try {
                return doit.invoke(null);
            } finally {
                running = false;
            }
        });
        try {
            Object value = result.get();
            lastValue = value;
            hasValue = true;
            // not valueString(value): that is a toString() on the calling (shell) thread, beyond interrupt and
            // limits; the kernel shows the live value itself (ValueDisplay)
            return "";
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvocationTargetException thrown) {
                lastThrown = stopRequested || thrown.getCause() == null ? null
                        : NullVariableMessage.clarified(thrown.getCause(), freed::wasFreed);
                if (stopRequested) {
                    throw new StoppedException();
                }
                throw thrown;
            }
            throw cause instanceof Exception ex ? ex : new IllegalStateException(cause);
        } finally {
            freed.forgetReassigned();
        }
    }

    /**
     * Runs {@code task} on the thread that runs the notebook's snippets, and waits for it even through an interrupt: state
     * kept per thread (libtorch's grad mode) is set where the cell's code will see it, and put back there.
     */
    <T> T onNotebookThread(java.util.concurrent.Callable<T> task) throws Exception {
        Future<T> result = executor.submit(task);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The variables {@code %gpufree} set to null, which a NullPointerException's message then names so. */
    FreedVariables freedVariables() {
        return freed;
    }

    /** Clears what the previous snippet left, before the next one runs. */
    void beginSnippet() {
        lastValue = null;
        hasValue = false;
        lastThrown = null;
        stopRequested = false;
    }

    boolean hasValue() {
        return hasValue;
    }

    @Nullable Object lastValue() {
        return lastValue;
    }

    /** The exception the last snippet threw, live; null if it threw none or was stopped. */
    @Nullable Throwable lastThrown() {
        return lastThrown;
    }

    boolean wasStopped() {
        return stopRequested;
    }

    /**
     * Stops the running snippet: an interrupt first, for code that waits; then, for a loop that never
     * looks at the flag, {@link Thread#stop()}, as JShell's own local execution does.
     */
    @Override
    @SuppressWarnings({"deprecation", "removal"})
    public void stop() {
        Thread thread = worker.get();
        if (!running || thread == null) {
            return;
        }
        stopRequested = true;
        thread.interrupt();
        for (int i = 0; i < 20 && running; i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (running) {
            thread.stop();
        }
    }

    /** Runs {@code lookup} (which calls JShell's varValue) and says which class field it reads. */
    @Nullable FieldRef locate(Runnable lookup) {
        FieldRef[] found = new FieldRef[1];
        locating.set(found);
        try {
            lookup.run();
        } finally {
            locating.remove();
        }
        return found[0];
    }

    @Override
    public String varValue(String className, String varName) throws RunException, EngineTerminationException, InternalException {
        FieldRef[] found = locating.get();
        if (found != null) {
            // only where the variable lives is wanted: no toString() of a possibly huge value
            found[0] = new FieldRef(className, varName);
            return "";
        }
        return super.varValue(className, varName);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        super.close();
    }
}
