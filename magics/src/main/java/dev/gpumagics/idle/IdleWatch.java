package dev.gpumagics.idle;

import dev.gpumagics.context.ContextOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The idle courtesy of a kernel that says when each cell starts and ends. "Idle" is: no cell running, and at every
 * look since the last cell ended, no Java thread computing, libtorch's allocator counters unchanged and no GPU work by
 * this process in NVML's samples (see {@link ActivityMeter}). Once idle for the policy's release time it releases
 * what {@code %gpugc} releases; once idle for its suspend time it parks the GPU state as {@code %gpususpend} does. Any
 * work starts the count again. Each step is taken once per stretch between two cells (the release again after new
 * work). The next cell's start resumes a state the policy parked, and gets what happened meanwhile.
 *
 * <p>A cell's start and end only take this object's lock and set fields: the looks run on a thread of their own,
 * which exists only while the policy has a step. A step in progress holds the lock, so a cell that starts meanwhile
 * waits for it rather than race it.
 */
public final class IdleWatch implements AutoCloseable {

    static final Duration FINEST_LOOK = Duration.ofMillis(100);
    static final Duration COARSEST_LOOK = Duration.ofSeconds(10);

    private final IdleSteps steps;
    private final ActivityMeter meter;
    private final Clock clock;
    private final Runnable changed;
    private IdlePolicy policy;
    private @Nullable ScheduledExecutorService looker;
    private @Nullable ScheduledFuture<?> looks;
    private boolean cellRunning;
    private Instant stretchStart;
    private Instant quietSince;
    private Optional<ActivityMeter.Reading> baseline = Optional.empty();
    private final List<IdleEvent> events = new ArrayList<>();
    private boolean released;
    private boolean suspendTried;
    private boolean parkedByPolicy;
    private Optional<WhileIdle> last = Optional.empty();

    /** @param changed told when what others see changes: the policy, a park, a resume (the kernel's record) */
    public IdleWatch(IdlePolicy policy, IdleSteps steps, ActivityMeter meter, Clock clock, Runnable changed) {
        this.steps = steps;
        this.meter = meter;
        this.clock = clock;
        this.changed = changed;
        this.policy = policy;
        this.stretchStart = clock.instant();
        this.quietSince = stretchStart;
        schedule();
    }

    public synchronized IdlePolicy policy() {
        return policy;
    }

    /** A new policy, counted from now: what was idle before does not make a step due at once. */
    public synchronized void setPolicy(IdlePolicy next) {
        policy = next;
        quietSince = clock.instant();
        baseline = Optional.empty();
        released = false;
        suspendTried = false;
        schedule();
        changed.run();
    }

    /** How often the process is looked at: a tenth of the first step, between {@link #FINEST_LOOK} and {@link #COARSEST_LOOK}. */
    static Duration look(IdlePolicy policy) {
        Duration first = policy.firstStep().orElse(COARSEST_LOOK).dividedBy(10);
        return first.compareTo(FINEST_LOOK) < 0 ? FINEST_LOOK : first.compareTo(COARSEST_LOOK) > 0 ? COARSEST_LOOK : first;
    }

    private void schedule() {
        if (looks != null) {
            looks.cancel(false);
            looks = null;
        }
        if (policy.off()) {
            if (looker != null) {
                looker.shutdown();
                looker = null;
            }
            return;
        }
        if (looker == null) {
            looker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "gpumagics-idle");
                thread.setDaemon(true);
                return thread;
            });
        }
        long every = look(policy).toMillis();
        looks = looker.scheduleWithFixedDelay(this::lookSafely, every, every, TimeUnit.MILLISECONDS);
    }

    private void lookSafely() {
        try {
            look();
        } catch (RuntimeException | LinkageError e) {
            // one look that failed is a look missed; the next one tries again
        }
    }

    /** One look: is the process still idle, and is a step due? */
    synchronized void look() {
        if (cellRunning || policy.off()) {
            return;
        }
        Instant now = clock.instant();
        if (parkedByPolicy) {
            if (steps.parked()) {
                return; // nothing runs on the device while parked; a cell or a GPU call resumes it
            }
            parkedByPolicy = false; // a thread's GPU call resumed it: that is work
            events.add(new IdleEvent.BackByItself(now));
            quietSince = now;
            released = false;
            changed.run();
        }
        ActivityMeter.Reading reading = meter.read(now, baseline);
        Optional<ActivityMeter.Reading> before = baseline;
        baseline = Optional.of(reading);
        if (before.isEmpty()) {
            return; // the first look after a cell only takes the baseline
        }
        Optional<Busy> busy = ActivityMeter.busy(before.get(), reading);
        Duration sinceCell = Duration.between(stretchStart, now);
        if (busy.isPresent()) {
            quietSince = now;
            released = false;
            Optional<Duration> due = policy.firstStep().filter(first -> sinceCell.compareTo(first) >= 0);
            if (due.isPresent() && events.stream().noneMatch(e -> e instanceof IdleEvent.HeldBack)) {
                events.add(new IdleEvent.HeldBack(now, busy.get())); // said once a stretch: what kept a due step back
            }
            return;
        }
        Duration quiet = Duration.between(quietSince, now);
        Optional<Duration> release = policy.releaseAfter();
        if (release.isPresent() && !released && quiet.compareTo(release.get()) >= 0) {
            events.add(new IdleEvent.Released(now, steps.release()));
            released = true;
        }
        Optional<Duration> suspend = policy.suspendAfter();
        if (suspend.isPresent() && !suspendTried) {
            if (quiet.compareTo(suspend.get()) >= 0) {
                suspendTried = true;
                ContextOutcome outcome = steps.suspend();
                if (outcome instanceof ContextOutcome.Suspended parked) {
                    parkedByPolicy = true;
                    events.add(new IdleEvent.Parked(now, parked));
                } else {
                    events.add(new IdleEvent.NotParked(now, outcome));
                }
                changed.run();
            }
        }
    }

    /**
     * A cell begins: a state the policy parked is resumed first, and what happened since the last cell is handed over,
     * where anything did.
     */
    public synchronized Optional<WhileIdle> cellStarts() {
        cellRunning = true;
        Instant now = clock.instant();
        Optional<ContextOutcome> resumed = Optional.empty();
        if (parkedByPolicy) {
            parkedByPolicy = false;
            resumed = steps.resume();
            changed.run();
        }
        Optional<WhileIdle> story = events.isEmpty() && resumed.isEmpty()
                ? Optional.empty() : Optional.of(new WhileIdle(Duration.between(stretchStart, now), events, resumed));
        events.clear();
        released = false;
        suspendTried = false;
        baseline = Optional.empty();
        story.ifPresent(told -> last = Optional.of(told));
        return story;
    }

    /** A cell ended, however it ended: idle from now, if nothing else works. */
    public synchronized void cellEnds() {
        cellRunning = false;
        stretchStart = clock.instant();
        quietSince = stretchStart;
        baseline = Optional.empty();
    }

    public synchronized IdleStatus status() {
        return new IdleStatus(policy, cellRunning ? Optional.empty() : Optional.of(quietSince), events, last, meter.measures(), look(policy),
                steps.suspendUnavailable());
    }

    @Override
    public synchronized void close() {
        policy = IdlePolicy.OFF;
        schedule();
    }
}
