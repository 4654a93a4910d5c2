package dev.gpumagics.watch;

import dev.gpumagics.probe.value.CudaDevice;
import dev.gpumagics.probe.value.DeviceId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The samples of one running cell, taken on the watch's timer thread: the highest points that no counter keeps, and
 * the live view's frames once the cell has run for a while. {@link #stop()} is the end of it: once it returns, no
 * sample is taken and no frame is sent, whatever the timer had queued.
 */
final class CellSampling implements Runnable {

    /** Past this many samples every other one is dropped: a long cell's sparkline stays a few hundred points. */
    static final int MAX_SAMPLES = 600;

    private final MemorySampler sampler;
    private final List<CudaDevice> cuda;
    private final MemorySample start;
    private final @Nullable Consumer<LiveFrame> live;
    private final CellWatch.Timing timing;
    private final boolean hostPeakExact;
    private final List<MemorySample> samples = new ArrayList<>();
    private final Map<DeviceId, Long> deviceHighs = new HashMap<>();
    private long residentHigh;
    private int frames;
    private long nextFrameNanos;
    private boolean stopped;
    private @Nullable ScheduledFuture<?> ticking;

    /** @param hostPeakExact whether the host's peak mark was reset at the start: then VmHWM is the cell's peak */
    CellSampling(MemorySampler sampler, List<CudaDevice> cuda, MemorySample start, @Nullable Consumer<LiveFrame> live,
            CellWatch.Timing timing, boolean hostPeakExact) {
        this.sampler = sampler;
        this.cuda = cuda;
        this.start = start;
        this.live = live;
        this.timing = timing;
        this.hostPeakExact = hostPeakExact;
        this.nextFrameNanos = start.nanos() + timing.liveAfter().toNanos();
        note(start);
    }

    synchronized void schedule(ScheduledExecutorService timer) {
        long period = timing.samplePeriod().toNanos();
        ticking = timer.scheduleAtFixedRate(this, period, period, TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void run() {
        if (stopped) {
            return;
        }
        try {
            MemorySample sample = sampler.sample(cuda);
            note(sample);
            if (live != null && sample.nanos() >= nextFrameNanos) {
                live.accept(frame(sample, false));
                frames++;
                nextFrameNanos = sample.nanos() + timing.framePeriod().toNanos();
            }
        } catch (RuntimeException e) {
            // a look that fails this once is no reason to stop looking; the cell's record is taken apart from this
        }
    }

    /** Waits for a sample in flight, then takes no more. */
    synchronized void stop() {
        stopped = true;
        if (ticking != null) {
            ticking.cancel(false);
        }
    }

    /** The frame that stays in the notebook, where the live view was shown at all. */
    synchronized Optional<LiveFrame> lastFrame(MemorySample end) {
        note(end);
        return live == null || frames == 0 ? Optional.empty() : Optional.of(frame(end, true));
    }

    /** The highest resident set sampled, the start and the end included once they are noted. */
    synchronized long residentHigh() {
        return residentHigh;
    }

    /** The highest of this process's memory on a device, sampled; absent where it never had a row there. */
    synchronized OptionalLong deviceHigh(DeviceId id) {
        Long high = deviceHighs.get(id);
        return high == null ? OptionalLong.empty() : OptionalLong.of(high);
    }

    private void note(MemorySample sample) {
        residentHigh = Math.max(residentHigh, sample.host().residentBytes().orElse(0));
        for (DeviceSample device : sample.gpu().devices()) {
            device.kernelBytes().ifPresent(bytes -> deviceHighs.merge(device.id(), bytes, Math::max));
        }
        samples.add(sample);
        if (samples.size() > MAX_SAMPLES) {
            for (int i = samples.size() - 2; i > 0; i -= 2) {
                samples.remove(i); // the first and the newest stay
            }
        }
    }

    private LiveFrame frame(MemorySample now, boolean last) {
        LiveFrame.Series series = series(now);
        return new LiveFrame(frames, last, Duration.ofNanos(now.nanos() - start.nanos()), start, now, series,
                now.gpu().devices().isEmpty() ? HostTotals.read(Path.of("/proc/meminfo")) : Optional.empty());
    }

    /** libtorch's allocated bytes where its allocator runs; else this process's device memory; else the host's. */
    private LiveFrame.Series series(MemorySample now) {
        for (DeviceSample device : now.gpu().devices()) {
            if (device.allocator().isPresent()) {
                return series(LiveFrame.Measure.ALLOCATED, Optional.of(device.id()), now);
            }
        }
        for (DeviceSample device : now.gpu().devices()) {
            if (device.kernelBytes().isPresent()) {
                return series(LiveFrame.Measure.DEVICE_PROCESS, Optional.of(device.id()), now);
            }
        }
        return series(LiveFrame.Measure.HOST_RESIDENT, Optional.empty(), now);
    }

    /** The samples' values, and the highest point a counter kept where one did, else the highest sampled. */
    private LiveFrame.Series series(LiveFrame.Measure measure, Optional<DeviceId> device, MemorySample now) {
        List<Long> values = new ArrayList<>(samples.size());
        long peak = 0;
        long low = Long.MAX_VALUE;
        for (MemorySample sample : samples) {
            long value = value(sample, measure, device);
            values.add(value);
            peak = Math.max(peak, value);
            low = Math.min(low, value);
        }
        switch (measure) {
            case HOST_RESIDENT -> peak = Math.max(peak, hostPeakExact
                    ? now.host().residentPeakBytes().orElse(residentHigh) : residentHigh);
            case DEVICE_PROCESS -> peak = Math.max(peak, device.map(d -> deviceHighs.getOrDefault(d, 0L)).orElse(0L));
            case ALLOCATED -> peak = Math.max(peak, device.flatMap(now.gpu()::device).flatMap(DeviceSample::allocator)
                    .map(a -> a.allocated().aggregate().peakBytes()).orElse(0L));
        }
        return new LiveFrame.Series(measure, device, values, Math.min(low, peak), peak);
    }

    private static long value(MemorySample sample, LiveFrame.Measure measure, Optional<DeviceId> device) {
        return switch (measure) {
            case HOST_RESIDENT -> sample.host().residentBytes().orElse(0);
            case ALLOCATED -> device.flatMap(sample.gpu()::device).map(d -> d.allocatedBytes().orElse(0)).orElse(0L);
            case DEVICE_PROCESS -> device.flatMap(sample.gpu()::device).map(d -> d.kernelBytes().orElse(0)).orElse(0L);
        };
    }
}
