package dev.gpumagics.watch;

import dev.gpumagics.internal.torch.TorchAccess;
import dev.gpumagics.internal.torch.TorchBridge;
import dev.gpumagics.probe.value.CudaDevice;
import dev.gpumagics.probe.ProcessTable;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Watches cells one after another: {@link #begin} as a cell starts, {@link WatchedCell#end} as it ends, and in
 * between samples on a timer thread of its own, with live frames for a cell that runs long. The plain Java API of
 * {@code %gpuwatch}: a program can watch any step of its own the same way. One cell at a time.
 */
public final class CellWatch {

    /**
     * @param samplePeriod how often a running cell is sampled: peaks that no counter keeps, and the sparkline's points
     * @param liveAfter how long a cell runs before its live view appears
     * @param framePeriod how often the live view is replaced after that
     */
    public record Timing(Duration samplePeriod, Duration liveAfter, Duration framePeriod) {
        public static final Timing DEFAULT = new Timing(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(1));
    }

    private final MemorySampler sampler;
    private final Supplier<ClassLoader> notebookClasses;
    private final ProcessTable processes;
    private final Clock clock;
    private final Timing timing;
    /** What each variable held when a cell last created or rebound it: the "before" of the next change. */
    private final Map<String, Long> seen = new HashMap<>();
    private @Nullable ScheduledExecutorService timer;
    private @Nullable Boolean hostPeakResets;
    private @Nullable TorchAccess torch;
    private @Nullable ClassLoader torchFrom;

    public CellWatch(MemorySampler sampler, Supplier<ClassLoader> notebookClasses, ProcessTable processes, Clock clock,
            Timing timing) {
        this.sampler = sampler;
        this.notebookClasses = notebookClasses;
        this.processes = processes;
        this.clock = clock;
        this.timing = timing;
    }

    /** @param notebookClasses where the notebook's torch classes live */
    public static CellWatch forThisProcess(Supplier<ClassLoader> notebookClasses) {
        return new CellWatch(MemorySampler.forThisProcess(notebookClasses), notebookClasses, ProcessTable.system(),
                Clock.systemUTC(), Timing.DEFAULT);
    }

    /**
     * A cell starts: resets the peak counters (the host's, and libtorch's where its CUDA runs), takes the first
     * sample and starts sampling.
     *
     * @param live gets the live view's frames, from the watch's timer thread, once the cell has run
     *     {@link Timing#liveAfter}; null for none
     */
    public synchronized WatchedCell begin(@Nullable Consumer<LiveFrame> live) {
        List<CudaDevice> cuda = sampler.cudaDevices();
        boolean devicePeaks = sampler.resetDevicePeaks(cuda);
        boolean hostPeak = resetHostPeak();
        MemorySample start = sampler.sample(cuda);
        CellSampling sampling = new CellSampling(sampler, cuda, start, live, timing, hostPeak);
        sampling.schedule(timer());
        return new WatchedCell(this, clock.instant(), start, sampling, hostPeak, devicePeaks);
    }

    /** Ends the timer thread; a later {@link #begin} starts another. */
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    MemorySampler sampler() {
        return sampler;
    }

    /**
     * libtorch as the notebook sees it, or null before libtorch is loaded (then no variable can hold a tensor). Kept
     * while the notebook's loader stays the same: finding the bridge looks through every jar the notebook added.
     */
    synchronized @Nullable TorchAccess torch() {
        ClassLoader loader = notebookClasses.get();
        if (torch == null || torchFrom != loader) {
            if (!TorchBridge.libtorchLoaded()) {
                return null;
            }
            torch = TorchBridge.in(loader).asOptional().orElse(null);
            torchFrom = loader;
        }
        return torch;
    }

    ProcessTable processes() {
        return processes;
    }

    /** Remembers what a variable holds now, and answers what it held when last seen (absent when never). */
    synchronized @Nullable Long swapSeen(String name, long bytes) {
        return seen.put(name, bytes);
    }

    /** The first try decides: a kernel that refuses the reset once refuses it always. */
    private boolean resetHostPeak() {
        if (hostPeakResets == null) {
            hostPeakResets = sampler.resetHostPeak();
            return hostPeakResets;
        }
        return hostPeakResets && sampler.resetHostPeak();
    }

    private ScheduledExecutorService timer() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "gpumagics-watch");
                thread.setDaemon(true);
                return thread;
            });
        }
        return timer;
    }
}
