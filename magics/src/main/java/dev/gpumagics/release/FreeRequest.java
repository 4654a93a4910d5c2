package dev.gpumagics.release;

import java.util.List;
import java.util.Set;

/**
 * What {@code %gpufree} was asked to do.
 *
 * @param names variables to free, in the order given
 * @param all every variable that holds GPU memory (tensors in host memory too when no GPU is in use)
 * @param keep variables never touched, and whose storages stay even when a freed variable shares them
 * @param cacheOnly only the allocator cache and cuBLAS workspaces, no variables
 * @param dryRun say what would happen, change nothing
 * @param toCpu move tensors to host memory and rebind, instead of dropping them
 */
public record FreeRequest(
        List<String> names, boolean all, Set<String> keep, boolean cacheOnly, boolean dryRun, boolean toCpu) {

    public FreeRequest {
        names = List.copyOf(names);
        keep = Set.copyOf(keep);
    }

    public static FreeRequest of(String... names) {
        return new FreeRequest(List.of(names), false, Set.of(), false, false, false);
    }

    public static FreeRequest everything() {
        return new FreeRequest(List.of(), true, Set.of(), false, false, false);
    }

    public static FreeRequest cache() {
        return new FreeRequest(List.of(), false, Set.of(), true, false, false);
    }

    public FreeRequest keeping(String... variables) {
        return new FreeRequest(names, all, Set.of(variables), cacheOnly, dryRun, toCpu);
    }

    public FreeRequest asDryRun() {
        return new FreeRequest(names, all, keep, cacheOnly, true, toCpu);
    }

    public FreeRequest movingToCpu() {
        return new FreeRequest(names, all, keep, cacheOnly, dryRun, true);
    }
}
