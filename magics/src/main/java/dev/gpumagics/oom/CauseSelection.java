package dev.gpumagics.oom;

import dev.gpumagics.look.DeviceReport;
import dev.gpumagics.look.MemoryReport;
import dev.gpumagics.look.OtherProcess;
import dev.gpumagics.probe.ProcessIdentity;
import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.vars.HeldStorage;
import dev.gpumagics.vars.Holdings;
import dev.gpumagics.vars.VariableHolding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Chooses the likely causes from the failure's figures and what the probes and the variable scan see now. Reads
 * nothing itself: every input is a record already taken.
 */
final class CauseSelection {

    /** Below these a cache, a context or others' share is ordinary, unless it alone would have made the room. */
    static final long LARGE_CACHE_BYTES = 128L << 20;
    static final long LARGE_CONTEXT_BYTES = 256L << 20;
    static final long LARGE_OTHERS_BYTES = 256L << 20;
    static final int LARGEST_HOLDERS = 5;
    static final String DEFAULT_ALLOC_CONF = "PYTORCH_CUDA_ALLOC_CONF";

    private CauseSelection() {}

    /** Where the memory was wanted: the failure's device, else the GPU this kernel uses, else the host. */
    static Place place(Optional<AllocationFailure> failure, Optional<MemoryReport> report) {
        boolean gpu = failure.map(f -> f.source().onGpu())
                .orElseGet(() -> report.map(r -> !r.devices().isEmpty()).orElse(false));
        if (!gpu) {
            return Place.host(report.map(r -> r.host().availableBytes()).orElse(OptionalLong.empty()));
        }
        OptionalInt ordinal = failure.map(AllocationFailure::device).orElse(OptionalInt.empty());
        Optional<DeviceReport> device = device(report, ordinal);
        OptionalInt cuda = ordinal.isPresent() ? ordinal : device.map(CauseSelection::cudaOrdinal).orElse(OptionalInt.empty());
        OptionalLong total = failure.map(AllocationFailure::totalBytes).filter(OptionalLong::isPresent)
                .orElseGet(() -> device.map(d -> d.device().totalBytes()).orElse(OptionalLong.empty()));
        OptionalLong freeNow = device.map(d -> d.device().freeBytes()).orElse(OptionalLong.empty());
        return new Place(true, cuda, device.flatMap(d -> d.device().name()), total, freeNow, device.map(d -> d.device().id()));
    }

    /**
     * The device's CUDA ordinal: CUDA's own answer, else libtorch's counters', else, for a whole GPU, the driver's index
     * (the same numbering unless CUDA_VISIBLE_DEVICES reorders).
     */
    private static OptionalInt cudaOrdinal(DeviceReport d) {
        if (d.kernel().cudaOrdinal().isPresent()) {
            return d.kernel().cudaOrdinal();
        }
        if (d.kernel().allocator().isPresent()) {
            return OptionalInt.of(d.kernel().allocator().get().deviceIndex());
        }
        return d.device().id().isMig() ? OptionalInt.empty() : OptionalInt.of(d.device().id().gpu());
    }

    /**
     * The report's device for a CUDA ordinal: the one CUDA or libtorch's allocator counters name, else the driver's GPU
     * of that index (the same numbering unless CUDA_VISIBLE_DEVICES reorders); without an ordinal, the one where this
     * kernel holds the most, else the first.
     */
    static Optional<DeviceReport> device(Optional<MemoryReport> report, OptionalInt ordinal) {
        List<DeviceReport> all = report.map(MemoryReport::devices).orElse(List.of());
        if (all.isEmpty()) {
            return Optional.empty();
        }
        if (ordinal.isPresent()) {
            int wanted = ordinal.getAsInt();
            Optional<DeviceReport> byCuda = all.stream()
                    .filter(d -> d.kernel().cudaOrdinal().equals(ordinal)
                            || d.kernel().allocator().map(a -> a.deviceIndex() == wanted).orElse(false))
                    .findFirst();
            return byCuda.isPresent() ? byCuda : all.stream().filter(d -> d.device().id().equals(DeviceId.gpu(wanted))).findFirst();
        }
        return all.stream().filter(d -> d.kernel().holdsAny())
                .max(Comparator.comparingLong((DeviceReport d) -> d.kernel().heldBytes().orElse(0))
                        .thenComparing(d -> d.kernel().contextActive().orElse(false)))
                .or(() -> Optional.of(all.get(0)));
    }

    /** The report's device that {@code place} names. */
    static Optional<DeviceReport> device(Optional<MemoryReport> report, Place place) {
        if (place.driverDevice().isEmpty()) {
            return device(report, place.device());
        }
        return report.map(MemoryReport::devices).orElse(List.of()).stream()
                .filter(d -> d.device().id().equals(place.driverDevice().get())).findFirst();
    }

    /** The other devices where this kernel holds memory than the one diagnosed: a diagnosis looks at one, and says so. */
    static List<HeldElsewhere> elsewhere(Optional<MemoryReport> report, Place place) {
        return report.map(MemoryReport::devices).orElse(List.of()).stream()
                .filter(d -> d.kernel().holdsAny() && !place.driverDevice().equals(Optional.of(d.device().id())))
                .map(d -> new HeldElsewhere(d.device().id(), d.kernel().heldBytes()))
                .toList();
    }

    /**
     * The causes, likeliest first: a request larger than the place leads, since nothing else helps then; the rest
     * by the bytes they account for, autograd history (whose bytes nothing counts) beside the variables it is in.
     *
     * @param identities who a pid is, for the processes only the failure's message names
     * @param environment this process's environment, for the allocator's settings
     */
    static List<Cause> causes(Optional<AllocationFailure> failure, Place place, Optional<DeviceReport> device,
            Optional<Holdings> holdings, LongFunction<ProcessIdentity> identities, Map<String, String> environment) {
        OptionalLong shortBytes = failure.map(AllocationFailure::shortBytes).orElse(OptionalLong.empty());
        List<Cause> ranked = new ArrayList<>();
        holdings.flatMap(h -> variables(h, place, shortBytes)).ifPresent(ranked::add);
        if (place.gpu()) {
            cache(failure, device, shortBytes, environment).ifPresent(ranked::add);
            others(failure, device, shortBytes, identities).ifPresent(ranked::add);
            context(failure, device).ifPresent(ranked::add);
        }
        ranked.sort(Comparator.comparingLong((Cause c) -> c.bytes().orElse(0)).reversed());
        List<Cause> causes = new ArrayList<>();
        failure.flatMap(f -> tooLarge(f, place)).ifPresent(causes::add);
        Optional<Cause> history = holdings.flatMap(h -> history(h, place));
        for (Cause cause : ranked) {
            causes.add(cause);
            if (cause instanceof Cause.VariablesHold && history.isPresent()) {
                causes.add(history.get());
                history = Optional.empty();
            }
        }
        history.ifPresent(causes::add);
        return causes;
    }

    private static Optional<Cause> tooLarge(AllocationFailure failure, Place place) {
        OptionalLong capacity = place.gpu() ? place.totalBytes() : place.freeNowBytes();
        if (failure.requestedBytes().isEmpty() || capacity.isEmpty() || failure.requestedBytes().getAsLong() <= capacity.getAsLong()) {
            return Optional.empty();
        }
        return Optional.of(new Cause.RequestTooLarge(failure.requestedBytes().getAsLong(), capacity.getAsLong(), place.gpu()));
    }

    private static Optional<Cause> variables(Holdings holdings, Place place, OptionalLong shortBytes) {
        Map<String, Long> bytes = new LinkedHashMap<>();
        Map<String, Set<String>> sharedWith = new LinkedHashMap<>();
        long total = 0;
        for (HeldStorage storage : holdings.storages().values()) {
            if (!place.holds(storage.device())) {
                continue;
            }
            total += storage.bytes();
            for (String holder : storage.holders()) {
                bytes.merge(holder, storage.bytes(), Long::sum);
                Set<String> with = sharedWith.computeIfAbsent(holder, k -> new LinkedHashSet<>());
                storage.holders().stream().filter(h -> !h.equals(holder)).forEach(with::add);
            }
        }
        if (total == 0) {
            return Optional.empty();
        }
        List<Cause.Holder> largest = bytes.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(LARGEST_HOLDERS)
                .map(e -> new Cause.Holder(e.getKey(), holdings.variable(e.getKey()).map(VariableHolding::type).orElse(""),
                        e.getValue(), List.copyOf(sharedWith.get(e.getKey()))))
                .toList();
        return Optional.of(new Cause.VariablesHold(total, largest, bytes.size(), shortBytes));
    }

    private static Optional<Cause> history(Holdings holdings, Place place) {
        List<Cause.HistoryHolder> holders = holdings.variables().stream()
                .filter(v -> v.autograd().keepsHistory() && v.devices().stream().anyMatch(place::holds))
                .map(v -> new Cause.HistoryHolder(v.name(), v.autograd().withHistory(), v.autograd().gradFunctions()))
                .toList();
        return holders.isEmpty() ? Optional.empty() : Optional.of(new Cause.AutogradHistory(holders));
    }

    private static Optional<Cause> cache(Optional<AllocationFailure> failure, Optional<DeviceReport> device,
            OptionalLong shortBytes, Map<String, String> environment) {
        OptionalLong atFailure = failure.map(AllocationFailure::cacheBytes).orElse(OptionalLong.empty());
        OptionalLong now = device.map(d -> d.kernel().cacheBytes()).orElse(OptionalLong.empty());
        OptionalLong bytes = atFailure.isPresent() ? atFailure : now;
        if (bytes.isEmpty() || !large(bytes.getAsLong(), LARGE_CACHE_BYTES, shortBytes)) {
            return Optional.empty();
        }
        String variable = failure.flatMap(AllocationFailure::allocConfVariable).orElse(DEFAULT_ALLOC_CONF);
        boolean set = environment.entrySet().stream()
                .anyMatch(e -> e.getKey().matches("PYTORCH_[A-Z_]*ALLOC_CONF") && e.getValue().contains("expandable_segments:True"));
        return Optional.of(new Cause.CacheHeld(bytes.getAsLong(), atFailure.isPresent(), variable, set));
    }

    private static Optional<Cause> others(Optional<AllocationFailure> failure, Optional<DeviceReport> device,
            OptionalLong shortBytes, LongFunction<ProcessIdentity> identities) {
        List<OtherProcess> processes;
        boolean fromFailure = device.isEmpty();
        if (device.isPresent()) {
            processes = device.get().others();
        } else {
            processes = failure.flatMap(AllocationFailure::otherProcesses).orElse(List.of()).stream()
                    .map(p -> new OtherProcess(identities.apply(p.pid()), p.usedBytes()))
                    .sorted(Comparator.comparingLong((OtherProcess o) -> o.usedBytes().orElse(0)).reversed())
                    .toList();
        }
        long total = processes.stream().map(OtherProcess::usedBytes).filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong).sum();
        if (processes.isEmpty() || !large(total, LARGE_OTHERS_BYTES, shortBytes)) {
            return Optional.empty();
        }
        return Optional.of(new Cause.OthersHold(total, processes, fromFailure));
    }

    private static Optional<Cause> context(Optional<AllocationFailure> failure, Optional<DeviceReport> device) {
        OptionalLong now = device.map(d -> d.kernel().contextAndLibrariesBytes()).orElse(OptionalLong.empty());
        if (now.isPresent()) {
            return now.getAsLong() >= LARGE_CONTEXT_BYTES ? Optional.of(new Cause.ContextAndLibraries(now.getAsLong(), false)) : Optional.empty();
        }
        if (failure.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong process = failure.get().processBytes();
        OptionalLong reserved = failure.get().reservedTotalBytes();
        if (process.isEmpty() || reserved.isEmpty()) {
            return Optional.empty();
        }
        long rest = process.getAsLong() - reserved.getAsLong();
        return rest >= LARGE_CONTEXT_BYTES ? Optional.of(new Cause.ContextAndLibraries(rest, true)) : Optional.empty();
    }

    /** Large in itself, or enough on its own to have made the room that was lacking. */
    private static boolean large(long bytes, long threshold, OptionalLong shortBytes) {
        return bytes > 0 && (bytes >= threshold || (shortBytes.isPresent() && bytes >= shortBytes.getAsLong()));
    }
}
