package dev.gpumagics.courtesy;

import dev.gpumagics.ThisProcess;
import dev.gpumagics.command.GpuIdleMagic;
import dev.gpumagics.context.GpuContext;
import dev.gpumagics.idle.ActivityMeter;
import dev.gpumagics.idle.IdlePolicy;
import dev.gpumagics.idle.IdleSteps;
import dev.gpumagics.idle.IdleWatch;
import dev.gpumagics.neighbours.KernelPresence;
import dev.gpumagics.neighbours.KernelState;
import dev.gpumagics.neighbours.NotebookSharing;
import dev.gpumagics.neighbours.OwnGpuUse;
import dev.gpumagics.neighbours.Publication;
import dev.gpumagics.neighbours.RecordShelf;
import dev.gpumagics.release.MemoryRelease;
import dev.gpumagics.report.IdleText;
import dev.gpumagics.vars.NotebookVariables;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Our kernel's courtesy to the others on its host, called by the kernel as each cell starts and ends: its idle policy
 * (the next cell resumes what it parked and begins with one line of what it did) and its record (busy, idle, parked)
 * for the others to read; and a collection once it has sat a while without a cell, so that its heap goes back too
 * ({@link HeapTrim}). The calls only set fields and take a lock; the looks and the writes run on threads of their own.
 */
public final class KernelCourtesy implements AutoCloseable {

    private final Supplier<ClassLoader> notebookClasses;
    private final IdleWatch idle;
    private final HeapTrim heapTrim = HeapTrim.forThisKernel();
    private final Map<String, String> env;
    private volatile Optional<String> sayOnce;
    private volatile @Nullable KernelPresence presence;

    private KernelCourtesy(Supplier<ClassLoader> notebookClasses, Map<String, String> env) {
        this.notebookClasses = notebookClasses;
        this.env = env;
        IdlePolicy.FromEnvironment defaults = IdlePolicy.fromEnvironment(env);
        this.sayOnce = defaults.problem().map(problem -> "GpuMagics: " + problem);
        GpuContext context = ThisProcess.context(notebookClasses);
        this.idle = new IdleWatch(defaults.policy(), IdleSteps.of(new MemoryRelease(NotebookVariables.none(), notebookClasses), context),
                new ActivityMeter(notebookClasses, GpuContext::ifCreated), Clock.systemUTC(), this::idleChanged);
    }

    /**
     * The idle policy from the kernelspec ({@code GPUMAGICS_IDLE_RELEASE}, {@code GPUMAGICS_IDLE_SUSPEND}); off without them.
     *
     * @param notebookClasses where the notebook's torch classes are
     */
    public static KernelCourtesy forThisKernel(Supplier<ClassLoader> notebookClasses) {
        return new KernelCourtesy(notebookClasses, System.getenv());
    }

    /** Publishes this kernel's record, once it serves Jupyter on that connection file. Until then it publishes none. */
    public synchronized void publish(Path connectionFile) {
        if (presence != null) {
            return;
        }
        presence = KernelPresence.start(RecordShelf.system(), "GpuMagics", ThisKernel.kernelId(connectionFile), ThisKernel.notebook(env),
                KernelState.IDLE, Optional.of(idle.policy()), new OwnGpuUse(notebookClasses), ThisKernel::context).orElse(null);
    }

    /**
     * A cell begins: what the policy parked comes back first.
     *
     * @return the line the cell's output begins with, where the kernel has something to say: what it did while idle
     */
    public Optional<String> cellStarts() {
        heapTrim.cellStarts();
        KernelPresence now = presence;
        if (now != null) {
            now.cellStarted();
        }
        List<String> lines = new ArrayList<>();
        sayOnce.ifPresent(lines::add);
        sayOnce = Optional.empty();
        idle.cellStarts().ifPresent(told -> lines.add(IdleText.story(told, ZoneId.systemDefault())));
        return lines.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", lines));
    }

    /** A cell ended, however it ended. */
    public void cellEnds() {
        idle.cellEnds();
        heapTrim.cellEnds();
        KernelPresence now = presence;
        if (now != null) {
            now.cellEnded();
        }
    }

    /** What {@code %gpuidle} sets and shows. */
    public GpuIdleMagic.KernelIdle idle() {
        return new GpuIdleMagic.KernelIdle(idle, this::notes);
    }

    /** What goes with {@code %gpuidle}'s status: a kernelspec value it could not read, and what the others see of this kernel. */
    private List<String> notes() {
        List<String> notes = new ArrayList<>();
        IdlePolicy.fromEnvironment(env).problem().ifPresent(notes::add);
        NotebookSharing.Choice sharing = NotebookSharing.fromEnvironment(env);
        sharing.problem().ifPresent(notes::add);
        KernelPresence now = presence;
        if (now == null) {
            notes.add("this kernel publishes no record for the others: it was not started by Jupyter");
        } else if (now.publication() instanceof Publication.Published published) {
            notes.add("this kernel's record for the others: " + published.file() + " (its notebook shown as "
                    + switch (sharing.sharing()) {
                        case NAME -> "its file name";
                        case PATH -> "its path";
                        case NONE -> "nothing";
                    } + "; " + NotebookSharing.VARIABLE + " sets it)");
        } else if (now.publication() instanceof Publication.NotPublished not) {
            notes.add("this kernel's record is not published: " + not.why());
        }
        return notes;
    }

    /** The policy changed, or the GPU state was parked or came back: the record says so. */
    private void idleChanged() {
        KernelPresence now = presence;
        if (now != null) {
            now.policy(idle.policy());
        }
    }

    @Override
    public synchronized void close() {
        idle.close();
        heapTrim.close();
        KernelPresence now = presence;
        presence = null;
        if (now != null) {
            now.close();
        }
    }
}
