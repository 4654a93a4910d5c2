package dev.gpumagics.release;

import dev.gpumagics.vars.HeldStorage;
import dev.gpumagics.vars.Holdings;
import dev.gpumagics.vars.VariableHolding;
import dev.gpumagics.vars.VariableReach;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which variables a request frees, which storages can go (no spared variable reaches them), and which
 * Java handles may be closed (no spared variable reaches them either). Computed from a scan alone.
 */
record Plan(
        List<String> targets,
        Set<Long> releasable,
        Map<String, List<StillHeld>> sharedWithKept,
        List<Object> closable) {

    static Plan of(FreeRequest request, Holdings holdings, boolean gpuInUse) {
        List<String> targets = new ArrayList<>();
        for (VariableHolding variable : holdings.variables()) {
            boolean chosen = request.all()
                    ? (gpuInUse ? variable.holdsGpuMemory() : variable.holdsTensors())
                    : request.names().contains(variable.name());
            if (chosen && !request.keep().contains(variable.name())) {
                targets.add(variable.name());
            }
        }
        Set<String> targetSet = Set.copyOf(targets);
        Set<Long> releasable = new LinkedHashSet<>();
        Map<String, List<StillHeld>> shared = new LinkedHashMap<>();
        for (String name : targets) {
            Map<List<String>, Long> keptBytes = new LinkedHashMap<>();
            for (long key : holdings.reachOf(name).storageKeys()) {
                HeldStorage storage = holdings.storage(key);
                if (request.toCpu() && !storage.onGpu()) {
                    continue;
                }
                List<String> spared = storage.holders().stream().filter(h -> !targetSet.contains(h)).toList();
                if (spared.isEmpty()) {
                    releasable.add(key);
                } else {
                    keptBytes.merge(spared, storage.bytes(), Long::sum);
                }
            }
            keptBytes.forEach((keptBy, bytes) -> shared.computeIfAbsent(name, n -> new ArrayList<>())
                    .add(new StillHeld(name, bytes, StillHeld.Reason.SHARED_WITH_KEPT, keptBy)));
        }
        return new Plan(List.copyOf(targets), releasable, shared, closable(holdings, targetSet));
    }

    /** Handles reached from freed variables and from no spared one: optimizers first, then modules, then tensors. */
    private static List<Object> closable(Holdings holdings, Set<String> targets) {
        Set<Object> spared = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Object> chosen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Object> ordered = new ArrayList<>();
        for (VariableReach reach : holdings.reaches().values()) {
            if (!targets.contains(reach.name())) {
                spared.addAll(reach.torchObjects());
            }
        }
        for (VariableReach reach : holdings.reaches().values()) {
            if (targets.contains(reach.name())) {
                for (Object handle : reach.torchObjects()) {
                    if (!spared.contains(handle) && chosen.add(handle)) {
                        ordered.add(handle);
                    }
                }
            }
        }
        return ordered;
    }

    long bytes(Holdings holdings, Set<Long> keys) {
        return keys.stream().mapToLong(k -> holdings.storage(k).bytes()).sum();
    }
}
