package dev.gpumagics.vars;

import java.util.List;
import java.util.Set;

/**
 * What a walk from one variable reached, for the release engine: the storages it counts and the live
 * torch objects (tensors, modules, optimizers) whose Java handles hold references to them.
 *
 * @param torchObjects distinct by identity, in the order they were reached
 * @param heapArrayBytes the Java heap of the arrays it reaches, counted from below: each array's elements
 *     (a reference at 4 bytes), not its header nor the objects it refers to
 */
public record VariableReach(String name, Set<Long> storageKeys, List<Object> torchObjects, long heapArrayBytes) {

    /** A walk that reached no array. */
    public VariableReach(String name, Set<Long> storageKeys, List<Object> torchObjects) {
        this(name, storageKeys, torchObjects, 0);
    }
}
