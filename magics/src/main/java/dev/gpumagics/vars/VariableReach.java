package dev.gpumagics.vars;

import java.util.List;
import java.util.Set;

/**
 * What a walk from one variable reached, for the release engine: the storages it counts and the live
 * torch objects (tensors, modules, optimizers) whose Java handles hold references to them.
 *
 * @param torchObjects distinct by identity, in the order they were reached
 */
public record VariableReach(String name, Set<Long> storageKeys, List<Object> torchObjects) {}
