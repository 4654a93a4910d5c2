package dev.gpumagics.vars;

import dev.gpumagics.internal.torch.TensorFacts;
import dev.gpumagics.internal.torch.TorchAccess;
import dev.gpumagics.internal.torch.TorchKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Walks every variable through tensors, modules, optimizers, arrays, collections, maps, records and
 * plain objects, each object once per variable and no deeper than a limit, and counts memory per storage.
 * Each tensor, module and optimizer is read from libtorch once per scan, however many variables reach it.
 */
public final class VariableWalker {

    /** Deep enough for a list of records of maps of tensors; deeper graphs are reported as truncated. */
    public static final int DEFAULT_DEPTH = 12;
    /** Bounds a walk into a huge object graph (a data set in memory) so a scan stays interactive. */
    public static final int DEFAULT_OBJECT_LIMIT = 1_000_000;

    private final @Nullable TorchAccess torch;
    private final int depthLimit;
    private final int objectLimit;
    private final Map<Object, List<TensorFacts>> read = new IdentityHashMap<>();

    /** @param torch libtorch as the notebook sees it, or null when it is not loaded (then no tensor can exist) */
    public VariableWalker(@Nullable TorchAccess torch, int depthLimit, int objectLimit) {
        this.torch = torch;
        this.depthLimit = depthLimit;
        this.objectLimit = objectLimit;
    }

    public VariableWalker(@Nullable TorchAccess torch) {
        this(torch, DEFAULT_DEPTH, DEFAULT_OBJECT_LIMIT);
    }

    public Holdings scan(List<Binding> bindings) {
        long start = System.nanoTime();
        Map<Long, TensorFacts> storages = new LinkedHashMap<>();
        Map<Long, List<String>> holders = new LinkedHashMap<>();
        List<Walk> walks = new ArrayList<>();
        for (Binding binding : bindings) {
            Walk walk = walk(binding);
            walks.add(walk);
            for (TensorFacts facts : walk.storages.values()) {
                storages.putIfAbsent(facts.storageKey(), facts);
                holders.computeIfAbsent(facts.storageKey(), k -> new ArrayList<>(1)).add(binding.name());
            }
        }
        Map<Long, HeldStorage> held = new LinkedHashMap<>();
        storages.forEach((key, facts) -> held.put(key, new HeldStorage(
                key, facts.storageBytes(), facts.device(), facts.onGpu(), List.copyOf(holders.get(key)))));
        List<VariableHolding> variables = new ArrayList<>();
        Map<String, VariableReach> reaches = new LinkedHashMap<>();
        for (Walk walk : walks) {
            variables.add(walk.holding(held));
            reaches.put(walk.binding.name(), new VariableReach(walk.binding.name(),
                    Collections.unmodifiableSet(walk.storages.keySet()), List.copyOf(walk.torchObjects), walk.arrayBytes));
        }
        return new Holdings(List.copyOf(variables), Collections.unmodifiableMap(held),
                Collections.unmodifiableMap(reaches), java.time.Duration.ofNanos(System.nanoTime() - start));
    }

    private Walk walk(Binding binding) {
        Walk walk = new Walk(binding);
        Object root = binding.value();
        if (root == null || Children.isLeaf(root)) {
            return walk;
        }
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object> objects = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        objects.push(root);
        depths.push(0);
        seen.add(root);
        while (!objects.isEmpty()) {
            Object value = objects.pop();
            int depth = depths.pop();
            if (value.getClass().isArray()) {
                walk.arrayBytes += HeapArrays.payloadBytes(value);
            }
            if (!visit(value, value == root, walk)) {
                continue;
            }
            if (depth == depthLimit) {
                walk.stoppedEarly.add(WalkStop.DEPTH_LIMIT);
                continue;
            }
            boolean complete = Children.forEach(value, child -> {
                if (child != null && !Children.isLeaf(child) && seen.add(child)) {
                    if (seen.size() > objectLimit) {
                        walk.stoppedEarly.add(WalkStop.OBJECT_LIMIT);
                    } else {
                        objects.push(child);
                        depths.push(depth + 1);
                    }
                }
            });
            if (!complete) {
                walk.stoppedEarly.add(WalkStop.UNREADABLE_COLLECTION);
            }
        }
        return walk;
    }

    /** Counts a torch object; true when the walk should also enter the value's children. */
    private boolean visit(Object value, boolean isRoot, Walk walk) {
        TorchAccess torch = this.torch;
        if (torch == null) {
            return true; // without libtorch in the notebook, no value is a torch object
        }
        TorchKind kind = torch.kindOf(value);
        switch (kind) {
            case TENSOR -> {
                walk.torchObjects.add(value);
                for (TensorFacts facts : read(torch, value, isRoot)) {
                    walk.add(facts, isRoot);
                }
                return false;
            }
            case MODULE, OPTIMIZER -> {
                walk.torchObjects.add(value);
                walk.optimizerState |= kind == TorchKind.OPTIMIZER;
                read(torch, value, false).forEach(facts -> walk.add(facts, false));
                // a Java subclass of Module may keep tensors in its own fields; bytedeco's fields are addresses
                return !value.getClass().getName().startsWith("org.bytedeco.");
            }
            case OTHER_TORCH -> {
                return false;
            }
            default -> {
                return true;
            }
        }
    }

    private List<TensorFacts> read(TorchAccess torch, Object torchObject, boolean withShape) {
        List<TensorFacts> cached = read.get(torchObject);
        if (cached != null && (!withShape || cached.isEmpty() || cached.get(0).shape() != null)) {
            return cached;
        }
        List<TensorFacts> facts = new ArrayList<>();
        if (torch.kindOf(torchObject) == TorchKind.TENSOR) {
            torch.tensor(torchObject, withShape).ifPresent(t -> {
                facts.add(t);
                if (t.gradient() != null) {
                    facts.add(t.gradient());
                }
            });
        } else {
            for (TensorFacts t : torch.contents(torchObject)) {
                facts.add(t);
                if (t.gradient() != null) {
                    facts.add(t.gradient());
                }
            }
        }
        read.put(torchObject, facts);
        return facts;
    }

    /** One variable's walk in progress. */
    private static final class Walk {
        final Binding binding;
        /** The Java heap of the arrays it reaches, counted from below (see {@link HeapArrays}). */
        long arrayBytes;
        final Map<Long, TensorFacts> storages = new LinkedHashMap<>();
        final Set<Object> torchObjectSet = Collections.newSetFromMap(new IdentityHashMap<>());
        final List<Object> torchObjects = new ArrayList<>() {
            @Override
            public boolean add(Object o) {
                return torchObjectSet.add(o) && super.add(o);
            }
        };
        @Nullable List<Long> rootShape;
        boolean optimizerState;
        final EnumSet<WalkStop> stoppedEarly = EnumSet.noneOf(WalkStop.class);
        int requiringGrad;
        int withHistory;
        final Set<String> gradFunctions = new LinkedHashSet<>();
        final Set<Long> historyStorages = new LinkedHashSet<>();

        Walk(Binding binding) {
            this.binding = binding;
        }

        void add(TensorFacts facts, boolean isRoot) {
            storages.putIfAbsent(facts.storageKey(), facts);
            if (facts.requiresGrad()) {
                requiringGrad++;
            }
            if (facts.keepsHistory()) {
                withHistory++;
                gradFunctions.add(facts.gradFunction());
                historyStorages.add(facts.storageKey());
            }
            if (isRoot && rootShape == null && facts.shape() != null) {
                rootShape = facts.shape();
            }
        }

        VariableHolding holding(Map<Long, HeldStorage> held) {
            long alone = 0;
            long shared = 0;
            Set<String> devices = new TreeSet<>();
            Set<String> dtypes = new TreeSet<>();
            Set<String> sharedWith = new LinkedHashSet<>();
            for (TensorFacts facts : storages.values()) {
                HeldStorage storage = held.get(facts.storageKey());
                if (storage == null) {
                    throw new IllegalStateException("storage " + facts.storageKey() + " was walked but not counted");
                }
                devices.add(facts.device());
                dtypes.add(facts.dtype());
                if (storage.shared()) {
                    shared += storage.bytes();
                    storage.holders().stream().filter(h -> !h.equals(binding.name())).forEach(sharedWith::add);
                } else {
                    alone += storage.bytes();
                }
            }
            long historyBytes = 0;
            for (Long key : historyStorages) {
                var storage = storages.get(key);
                if (storage != null) {
                    historyBytes += storage.storageBytes();
                }
            }
            Object value = binding.value();
            String type = !binding.declaredType().isBlank() ? binding.declaredType()
                    : value == null ? "null" : value.getClass().getSimpleName();
            return new VariableHolding(binding.name(), type, List.copyOf(devices), List.copyOf(dtypes), rootShape,
                    storages.size(), alone, shared, List.copyOf(sharedWith), optimizerState,
                    Collections.unmodifiableSet(EnumSet.copyOf(stoppedEarly)),
                    requiringGrad == 0 ? Autograd.NONE : new Autograd(requiringGrad, withHistory, List.copyOf(gradFunctions),
                            historyBytes));
        }
    }
}
