package dev.gpumagics.context;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * While this process is suspended, looks every period at what each Java thread is running. A thread
 * that stays inside the same native method of a non-JDK class (a JavaCPP, JCuda or JNI library that
 * may call CUDA) is taken to be blocked on the driver's lock, and the process is resumed, which lets
 * that call go on. A native call that never touches the GPU resumes too: a needless resume costs
 * seconds, a missed one would hang the cell. It never calls CUDA or NVML itself.
 */
final class TouchWatch {

    /** The top frame of one thread. */
    record ThreadTop(long threadId, String threadName, String className, String methodName, boolean nativeMethod) {
        String describe() {
            return className + "." + methodName + " (thread \"" + threadName + "\")";
        }
    }

    /** What every thread is running now. */
    interface Sampler {
        List<ThreadTop> sample();
    }

    private static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    private final Sampler sampler;
    private final Duration period;
    private final int samplesToTrigger;
    private final Consumer<String> onTouch;
    private final Map<Long, Seen> seen = new HashMap<>();
    private @Nullable ScheduledExecutorService timer;
    private @Nullable ScheduledFuture<?> task;

    private record Seen(ThreadTop top, int count) {}

    /**
     * @param samplesToTrigger how many looks in a row a thread must be in the same native method
     * @param onTouch gets a description of the thread and method; called at most once per start
     */
    TouchWatch(Sampler sampler, Duration period, int samplesToTrigger, Consumer<String> onTouch) {
        this.sampler = sampler;
        this.period = period;
        this.samplesToTrigger = samplesToTrigger;
        this.onTouch = onTouch;
    }

    /** Thread.getAllStackTraces: a safepoint, which threads inside native code do not hold up. */
    static Sampler liveThreads() {
        return () -> {
            Thread self = Thread.currentThread();
            return Thread.getAllStackTraces().entrySet().stream()
                    .filter(e -> e.getKey() != self && e.getValue().length > 0)
                    .map(e -> new ThreadTop(e.getKey().getId(), e.getKey().getName(), e.getValue()[0].getClassName(),
                            e.getValue()[0].getMethodName(), e.getValue()[0].isNativeMethod()))
                    .toList();
        };
    }

    synchronized void start() {
        start(period);
    }

    /** Starts watching, the first look after {@code firstLook}. */
    synchronized void start(Duration firstLook) {
        stop();
        seen.clear();
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gpumagics-resume-on-touch");
            thread.setDaemon(true);
            return thread;
        });
        timer = executor;
        task = executor.scheduleWithFixedDelay(this::look, firstLook.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
        if (timer != null) {
            timer.shutdown();
            timer = null;
        }
    }

    synchronized boolean running() {
        return task != null;
    }

    private void look() {
        Optional<String> touch;
        synchronized (this) {
            if (task == null) {
                return;
            }
            touch = observe(sampler.sample());
            if (touch.isPresent()) {
                stop();
            }
        }
        // outside the lock: the resume it starts stops this watch through stop()
        touch.ifPresent(onTouch);
    }

    /** One look: the thread that has now sat in the same GPU-capable native method long enough, if any. */
    synchronized Optional<String> observe(List<ThreadTop> tops) {
        Map<Long, Seen> next = new HashMap<>();
        Optional<String> trigger = Optional.empty();
        for (ThreadTop top : tops) {
            if (!mayCallCuda(top)) {
                continue;
            }
            Seen before = seen.get(top.threadId());
            int count = before != null && sameCall(before.top(), top) ? before.count() + 1 : 1;
            next.put(top.threadId(), new Seen(top, count));
            if (count >= samplesToTrigger && trigger.isEmpty()) {
                trigger = Optional.of(top.describe());
            }
        }
        seen.clear();
        seen.putAll(next);
        return trigger;
    }

    static boolean mayCallCuda(ThreadTop top) {
        return top.nativeMethod() && JDK_PACKAGES.stream().noneMatch(top.className()::startsWith);
    }

    private static boolean sameCall(ThreadTop a, ThreadTop b) {
        return a.className().equals(b.className()) && a.methodName().equals(b.methodName());
    }
}
