package dev.gpumagics.watch;

import dev.gpumagics.probe.ProcessIdentity;
import dev.gpumagics.probe.value.CudaDevice;
import dev.gpumagics.probe.value.ProcessUsage;
import dev.gpumagics.vars.Binding;
import dev.gpumagics.vars.Holdings;
import dev.gpumagics.vars.VariableHolding;
import dev.gpumagics.vars.VariableWalker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/** A cell being watched, from {@link CellWatch#begin} to {@link #end}. */
public final class WatchedCell {

    private final CellWatch watch;
    private final Instant startedAt;
    private final MemorySample start;
    private final CellSampling sampling;
    private final boolean hostPeakExact;
    private final boolean devicePeaksReset;
    private boolean ended;

    WatchedCell(CellWatch watch, Instant startedAt, MemorySample start, CellSampling sampling, boolean hostPeakExact,
            boolean devicePeaksReset) {
        this.watch = watch;
        this.startedAt = startedAt;
        this.start = start;
        this.sampling = sampling;
        this.hostPeakExact = hostPeakExact;
        this.devicePeaksReset = devicePeaksReset;
    }

    /**
     * The cell has ended, however it ended: stops the sampling, sends the live view's last frame where it was shown,
     * and says what the cell did. After it returns no frame is sent.
     *
     * @param touched the variables the cell declared or assigned, with their values now, in the order it touched them
     * @param live gets the last frame, on this thread, where the live view was shown
     * @throws IllegalStateException when called twice
     */
    public CellRecord end(List<TouchedVariable> touched, Consumer<LiveFrame> live) {
        if (ended) {
            throw new IllegalStateException("this cell's watch has already ended");
        }
        ended = true;
        sampling.stop();
        List<CudaDevice> cuda = watch.sampler().cudaDevices();
        MemorySample end = watch.sampler().sample(cuda);
        sampling.lastFrame(end).ifPresent(live);
        Duration wall = Duration.ofNanos(end.nanos() - start.nanos());
        return new CellRecord(startedAt, wall, host(end), devices(end), end.gpu().notRead(), end.gpu().parked(),
                variables(touched),
                processes(end));
    }

    private HostChange host(MemorySample end) {
        HostSample before = start.host();
        HostSample after = end.host();
        Optional<Peak> peak;
        if (hostPeakExact && after.residentPeakBytes().isPresent()) {
            peak = Optional.of(new Peak(after.residentPeakBytes().getAsLong(), true));
        } else if (after.residentBytes().isPresent()) {
            peak = Optional.of(new Peak(sampling.residentHigh(), false));
        } else {
            peak = Optional.empty();
        }
        return new HostChange(before.residentBytes(), after.residentBytes(), peak, before.javacppBytes(), after.javacppBytes());
    }

    private List<DeviceChange> devices(MemorySample end) {
        List<DeviceChange> changes = new ArrayList<>();
        for (DeviceSample after : end.gpu().devices()) {
            Optional<DeviceSample> before = start.gpu().device(after.id());
            OptionalLong allocatedBefore = before.map(DeviceSample::allocatedBytes).orElse(OptionalLong.empty());
            OptionalLong reservedBefore = before.map(DeviceSample::reservedBytes).orElse(OptionalLong.empty());
            OptionalLong kernelBefore = before.map(DeviceSample::kernelBytes).orElse(OptionalLong.empty());
            Optional<Peak> peak;
            boolean ofAllocated = after.allocator().isPresent();
            if (ofAllocated) {
                // counters reset at the start, or first used in this cell: either way their peak is this cell's
                boolean fromZero = allocatedBefore.isEmpty();
                long counted = after.allocator().get().allocated().aggregate().peakBytes();
                peak = Optional.of(devicePeaksReset || fromZero ? new Peak(counted, true)
                        : new Peak(Math.max(allocatedBefore.getAsLong(), after.allocatedBytes().orElse(0)), false));
            } else {
                OptionalLong high = sampling.deviceHigh(after.id());
                peak = high.isPresent() ? Optional.of(new Peak(high.getAsLong(), false)) : Optional.empty();
            }
            changes.add(new DeviceChange(after.id(), after.memory().name(), allocatedBefore, after.allocatedBytes(), reservedBefore,
                    after.reservedBytes(), peak, ofAllocated, kernelBefore, after.kernelBytes(), after.memory().freeBytes(),
                    after.memory().totalBytes()));
        }
        return changes;
    }

    private List<VariableChange> variables(List<TouchedVariable> touched) {
        if (touched.isEmpty()) {
            return List.of();
        }
        Map<String, TouchedVariable> byName = new LinkedHashMap<>();
        for (TouchedVariable variable : touched) {
            // the first touch says how it came to be; the value is as the cell left it either way
            byName.merge(variable.binding().name(), variable, (first, later) -> new TouchedVariable(later.binding(), first.how()));
        }
        List<Binding> bindings = byName.values().stream().map(TouchedVariable::binding).toList();
        Holdings holdings = new VariableWalker(watch.torch()).scan(bindings);
        List<VariableChange> changes = new ArrayList<>();
        for (VariableHolding holding : holdings.variables()) {
            long bytes = holding.totalBytes();
            Long before = watch.swapSeen(holding.name(), bytes);
            if (bytes == 0 && (before == null || before == 0)) {
                continue; // holds no tensor, and held none when last seen
            }
            var reach = holdings.reaches().get(holding.name());
            TouchedVariable how = byName.get(holding.name());
            if (reach == null || how == null) {
                continue; // the scan names only the bindings it was given
            }
            long gpuBytes = reach.storageKeys().stream().map(key -> holdings.storages().get(key))
                    .filter(s -> s != null && s.onGpu()).mapToLong(s -> s.bytes()).sum();
            changes.add(new VariableChange(holding.name(), holding.type(), how.how(), bytes, gpuBytes,
                    before == null ? OptionalLong.empty() : OptionalLong.of(before), holding.autograd().keepsHistory()));
        }
        return changes;
    }

    private List<ProcessChange> processes(MemorySample end) {
        List<ProcessChange> changes = new ArrayList<>();
        if (start.gpu().notRead().isPresent() || end.gpu().notRead().isPresent()) {
            return changes; // a side not read is no evidence that anyone came or went
        }
        // a row without a pid cannot be told from another one: nothing says it came or went
        for (ProcessUsage now : end.gpu().others()) {
            if (now.pid().isPresent() && !has(start.gpu().others(), now)) {
                long pid = now.pid().getAsLong();
                changes.add(new ProcessChange(now.device(), pid, true, now.usedBytes(), watch.processes().identify(pid)));
            }
        }
        for (ProcessUsage then : start.gpu().others()) {
            if (then.pid().isPresent() && !has(end.gpu().others(), then)) {
                long pid = then.pid().getAsLong();
                changes.add(new ProcessChange(then.device(), pid, false, then.usedBytes(), ProcessIdentity.notVisible(pid)));
            }
        }
        return changes;
    }

    private static boolean has(List<ProcessUsage> processes, ProcessUsage one) {
        return processes.stream().anyMatch(p -> p.pid().equals(one.pid()) && p.device().equals(one.device()));
    }
}
