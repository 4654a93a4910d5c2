package dev.gpumagics.context;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The automatic-resume policy of a parked process: the watch for GPU calls runs while parked, a touch resumes, a
 * resume that cannot be done yet is tried again at the retry pace (not the watch's) and said once, and what happened
 * by itself is kept for the kernel to show after the cell.
 */
final class AutoResume {

    private final Watching watching;
    private final TouchWatch watch;
    private final AtomicReference<Optional<ContextOutcome>> notice = new AtomicReference<>(Optional.empty());
    private boolean announced;

    /** @param touched runs on the watch's thread when a thread has sat in a GPU library long enough */
    AutoResume(Watching watching, Consumer<String> touched) {
        this.watching = watching;
        this.watch = new TouchWatch(watching.threads(), watching.period(), watching.samples(), touched);
    }

    /** Parked by a suspend that worked: watch from now on, and say the next wait again. */
    void parked() {
        announced = false;
        watch.start(watching.period());
    }

    /** Taken to be parked after a failure: watch, at the watch's pace. */
    void settledParked() {
        watch.start(watching.period());
    }

    /** A resume is under way, or the state is back on the device. */
    void stop() {
        watch.stop();
    }

    /** A resume found no room: still parked, tried again later. */
    void tryAgainLater() {
        watch.start(watching.retryAfter());
    }

    /**
     * After a touch's resume: keeps its outcome for {@link #takeNotice()}; if still parked, tries again later and says
     * once that the thread waits.
     */
    void afterTouch(String thread, ContextOutcome outcome, boolean stillParked) {
        notice.set(Optional.of(outcome));
        if (!stillParked) {
            return;
        }
        watch.start(watching.retryAfter());
        if (!announced) {
            announced = true;
            watching.waiting().accept(new StillWaiting(thread, outcome, watching.retryAfter()));
        }
    }

    Optional<ContextOutcome> takeNotice() {
        return notice.getAndSet(Optional.empty());
    }

    boolean running() {
        return watch.running();
    }
}
