package dev.gpumagics.release;

import dev.gpumagics.internal.torch.StorageHold;
import dev.gpumagics.internal.torch.TorchAccess;
import dev.gpumagics.internal.torch.TorchBridge;
import dev.gpumagics.internal.torch.TorchKind;
import dev.gpumagics.vars.Binding;
import dev.gpumagics.vars.Holdings;
import dev.gpumagics.vars.NotebookVariables;
import dev.gpumagics.vars.VariableHolding;
import dev.gpumagics.vars.VariableWalker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Gives back what variables hold: the engine behind {@code %gpufree}, {@code %gpugc} and
 * {@code %gpumem --vars}, and the plain Java API for programs (a model server, a batch job) that hold
 * their tensors in a {@link dev.gpumagics.vars.MapVariables}.
 *
 * <p>It only ever drops references (closes Java handles, clears bindings) and then checks what is
 * gone: freeing a storage in place crashed the JVM on the next use of a view (see {@code Holds}).
 */
public final class MemoryRelease {

    private final NotebookVariables variables;
    private final Supplier<ClassLoader> notebookClasses;

    /** @param notebookClasses the loader of the code that holds the tensors, where its torch classes live */
    public MemoryRelease(NotebookVariables variables, Supplier<ClassLoader> notebookClasses) {
        this.variables = variables;
        this.notebookClasses = notebookClasses;
    }

    /** For a program: its variables, with torch as this library's own class loader sees it. */
    public static MemoryRelease of(NotebookVariables variables) {
        return new MemoryRelease(variables, MemoryRelease.class::getClassLoader);
    }

    /** What every variable holds now: the {@code %gpumem --vars} table. */
    public Holdings holdings() {
        return new VariableWalker(torch()).scan(variables.bindings());
    }

    /** {@code %gpugc}: collection, pending native deallocations, heap trim, CUDA cache and cuBLAS workspaces. */
    public GcOutcome collect() {
        long start = System.nanoTime();
        TorchAccess torch = torch();
        MemoryLevel before = Collector.measure(torch);
        boolean cache = Collector.collect(torch);
        return new GcOutcome(before, Collector.measure(torch), cache, Duration.ofNanos(System.nanoTime() - start));
    }

    /** {@code %gpufree}: refused with one line and nothing changed, or done with what came back and what did not. */
    public FreeOutcome free(FreeRequest request) {
        long start = System.nanoTime();
        List<Binding> bindings = variables.bindings();
        Optional<String> problem = RequestCheck.problem(request, bindings);
        if (problem.isPresent()) {
            return new FreeOutcome.Refused(problem.get());
        }
        TorchAccess torch = torch();
        MemoryLevel before = Collector.measure(torch);
        if (request.cacheOnly()) {
            if (!request.dryRun()) {
                Collector.collect(torch);
            }
            return new FreeOutcome.Done(request, List.of(), 0, List.of(), before, Collector.measure(torch), since(start));
        }
        Holdings holdings = new VariableWalker(torch).scan(bindings);
        Plan plan = Plan.of(request, holdings, TorchBridge.libtorchCudaLoaded() && holdings.totalGpuBytes() > 0);
        if (request.dryRun() || torch == null) {
            return report(request, holdings, plan, plan.releasable(), Map.of(), before, before, start);
        }
        Map<Long, StorageHold> holds = hold(torch, holdings, plan);
        Map<String, List<StillHeld>> unmoved = Map.of();
        try {
            if (request.toCpu()) {
                unmoved = new CpuMove(torch, variables, holdings).move(plan.targets());
            } else {
                closeAll(torch, plan.closable());
                for (String name : plan.targets()) {
                    if (!holdings.reachOf(name).torchObjects().isEmpty()) {
                        variables.set(name, null);
                    }
                }
            }
            Collector.collect(null);
            Set<Long> gone = new HashSet<>();
            holds.forEach((key, hold) -> {
                if (hold.otherHolders() == 0) {
                    gone.add(key);
                }
            });
            holds.values().forEach(StorageHold::close);
            holds = Map.of();
            Collector.collect(torch);
            return report(request, holdings, plan, gone, unmoved, before, Collector.measure(torch), start);
        } finally {
            holds.values().forEach(StorageHold::close);
        }
    }

    private @Nullable TorchAccess torch() {
        return TorchBridge.in(notebookClasses.get()).asOptional().orElse(null);
    }

    private static Map<Long, StorageHold> hold(TorchAccess torch, Holdings holdings, Plan plan) {
        Set<Long> wanted = new HashSet<>(plan.releasable());
        Map<Long, StorageHold> holds = new HashMap<>();
        for (String name : plan.targets()) {
            for (Object handle : holdings.reachOf(name).torchObjects()) {
                if (wanted.isEmpty()) {
                    return holds;
                }
                Map<Long, StorageHold> taken = torch.hold(handle, wanted);
                holds.putAll(taken);
                wanted.removeAll(taken.keySet());
            }
        }
        return holds;
    }

    /** Optimizers first, then modules, then tensors: each drops references the next would otherwise keep. */
    private static void closeAll(TorchAccess torch, List<Object> handles) {
        List<Object> ordered = new ArrayList<>(handles);
        ordered.sort(Comparator.comparingInt(h -> switch (torch.kindOf(h)) {
            case OPTIMIZER -> 0;
            case MODULE -> 1;
            default -> 2;
        }));
        for (Object handle : ordered) {
            if (torch.kindOf(handle) != TorchKind.NONE) {
                torch.close(handle);
            }
        }
    }

    private static FreeOutcome report(FreeRequest request, Holdings holdings, Plan plan, Set<Long> gone,
            Map<String, List<StillHeld>> unmoved, MemoryLevel before, MemoryLevel after, long start) {
        List<VariableOutcome> outcomes = new ArrayList<>();
        List<StillHeld> stillHeld = new ArrayList<>();
        for (String name : plan.targets()) {
            VariableHolding holding = holdings.variable(name).orElseThrow();
            Set<Long> reached = holdings.reachOf(name).storageKeys();
            long reclaimed = 0;
            long outside = 0;
            for (long key : reached) {
                if (gone.contains(key)) {
                    reclaimed += holdings.storage(key).bytes();
                } else if (plan.releasable().contains(key)) {
                    outside += holdings.storage(key).bytes();
                }
            }
            List<StillHeld> held = new ArrayList<>(plan.sharedWithKept().getOrDefault(name, List.of()));
            held.addAll(unmoved.getOrDefault(name, List.of()));
            if (outside > 0 && !request.dryRun()) {
                held.add(new StillHeld(name, outside, StillHeld.Reason.OUTSIDE_VARIABLES, List.of()));
            }
            long heap = holdings.reachOf(name).heapArrayBytes();
            if (!holding.holdsTensors() && heap > 0) {
                held.add(new StillHeld(name, heap, StillHeld.Reason.JAVA_HEAP, List.of()));
            }
            stillHeld.addAll(held);
            long heldBytes = held.stream().mapToLong(StillHeld::bytes).sum();
            List<String> with = plan.targets().stream().filter(other -> !other.equals(name)
                    && holdings.reachOf(other).storageKeys().stream().anyMatch(key -> gone.contains(key) && reached.contains(key)))
                    .toList();
            outcomes.add(new VariableOutcome(name, action(request, holding, heap), reclaimed, heldBytes, holding.stoppedEarly(), with));
        }
        long total = plan.bytes(holdings, gone);
        return new FreeOutcome.Done(request, List.copyOf(outcomes), total, List.copyOf(stillHeld), before, after, since(start));
    }

    private static VariableOutcome.Action action(FreeRequest request, VariableHolding holding, long heapArrayBytes) {
        if (!holding.holdsTensors()) {
            // "holds no tensor" only where the walk saw everything; otherwise only "none found"
            return holding.truncated() ? VariableOutcome.Action.NOTHING_FOUND
                    : heapArrayBytes > 0 ? VariableOutcome.Action.HEAP_ONLY : VariableOutcome.Action.NOTHING_HELD;
        }
        if (request.toCpu()) {
            return request.dryRun() ? VariableOutcome.Action.WOULD_MOVE : VariableOutcome.Action.MOVED_TO_CPU;
        }
        return request.dryRun() ? VariableOutcome.Action.WOULD_FREE : VariableOutcome.Action.FREED;
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
