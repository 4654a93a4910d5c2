package dev.gpumagics.vars;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One scan of the notebook's variables.
 *
 * @param variables every variable, in binding order, including those that hold nothing
 * @param storages every storage reached, by key
 * @param reaches per variable, what the release engine needs to give it back
 * @param took how long the scan took
 */
public record Holdings(
        List<VariableHolding> variables,
        Map<Long, HeldStorage> storages,
        Map<String, VariableReach> reaches,
        Duration took) {

    /** Bytes of all distinct storages, each counted once. */
    public long totalBytes() {
        return storages.values().stream().mapToLong(HeldStorage::bytes).sum();
    }

    public long totalGpuBytes() {
        return storages.values().stream().filter(HeldStorage::onGpu).mapToLong(HeldStorage::bytes).sum();
    }

    public Optional<VariableHolding> variable(String name) {
        return variables.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    /** What a scanned variable reaches. @throws IllegalArgumentException for a name the scan did not see */
    public VariableReach reachOf(String name) {
        VariableReach reach = reaches.get(name);
        if (reach == null) {
            throw new IllegalArgumentException("the scan has no variable named " + name);
        }
        return reach;
    }

    /** A storage the scan reached. @throws IllegalArgumentException for a key it did not reach */
    public HeldStorage storage(long key) {
        HeldStorage storage = storages.get(key);
        if (storage == null) {
            throw new IllegalArgumentException("the scan reached no storage " + key);
        }
        return storage;
    }
}
