package dev.gpumagics.release;

import dev.gpumagics.internal.torch.TorchAccess;
import dev.gpumagics.internal.torch.TorchKind;
import dev.gpumagics.vars.Binding;
import dev.gpumagics.vars.Holdings;
import dev.gpumagics.vars.NotebookVariables;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code --to-cpu}: copies a variable's device tensors to host memory and rebinds, so the notebook keeps
 * its values. A tensor bound directly, or an element of an array, a mutable list or a map bound directly,
 * is rebound; a module is moved in place. Anything deeper, or in an immutable container, is left and
 * reported, since rebinding a record's or a final field's value is not possible.
 */
final class CpuMove {

    private final TorchAccess torch;
    private final NotebookVariables variables;
    private final Holdings holdings;
    private final Set<Object> spared = Collections.newSetFromMap(new IdentityHashMap<>());

    CpuMove(TorchAccess torch, NotebookVariables variables, Holdings holdings) {
        this.torch = torch;
        this.variables = variables;
        this.holdings = holdings;
    }

    /** @return per variable, what could not be moved */
    Map<String, List<StillHeld>> move(List<String> targets) {
        holdings.reaches().values().stream().filter(r -> !targets.contains(r.name()))
                .forEach(r -> spared.addAll(r.torchObjects()));
        Map<String, List<StillHeld>> unmoved = new LinkedHashMap<>();
        for (Binding binding : variables.bindings()) {
            if (!targets.contains(binding.name()) || binding.value() == null) {
                continue;
            }
            List<String> problems = new ArrayList<>();
            Object moved = moveValue(binding.value(), problems);
            if (moved != binding.value()) {
                variables.set(binding.name(), moved);
            }
            if (!problems.isEmpty()) {
                unmoved.put(binding.name(), List.of(new StillHeld(binding.name(), 0, StillHeld.Reason.NOT_MOVABLE, problems)));
            }
        }
        return unmoved;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object moveValue(Object value, List<String> problems) {
        TorchKind kind = torch.kindOf(value);
        if (kind == TorchKind.TENSOR) {
            return movedTensor(value);
        }
        if (kind == TorchKind.MODULE) {
            torch.moduleToCpu(value);
            return value;
        }
        if (kind == TorchKind.OPTIMIZER) {
            problems.add("an optimizer's state cannot be moved; free it or move its module");
            return value;
        }
        try {
            if (value instanceof Object[] array) {
                for (int i = 0; i < array.length; i++) {
                    array[i] = moveElement(array[i], problems);
                }
            } else if (value instanceof List list) {
                for (int i = 0; i < list.size(); i++) {
                    Object element = list.get(i);
                    Object moved = moveElement(element, problems);
                    if (moved != element) {
                        list.set(i, moved);
                    }
                }
            } else if (value instanceof Map map) {
                for (Object entry : map.entrySet()) {
                    Map.Entry e = (Map.Entry) entry;
                    Object moved = moveElement(e.getValue(), problems);
                    if (moved != e.getValue()) {
                        e.setValue(moved);
                    }
                }
            } else {
                problems.add("tensors inside a " + value.getClass().getSimpleName() + " cannot be rebound");
            }
        } catch (UnsupportedOperationException | ArrayStoreException e) {
            problems.add("the " + value.getClass().getSimpleName() + " is immutable");
        }
        return value;
    }

    private @Nullable Object moveElement(@Nullable Object element, List<String> problems) {
        if (element == null) {
            return null;
        }
        TorchKind kind = torch.kindOf(element);
        if (kind == TorchKind.TENSOR) {
            return movedTensor(element);
        }
        if (kind == TorchKind.MODULE) {
            torch.moduleToCpu(element);
        } else if (kind == TorchKind.NONE && holdsAnything(element)) {
            problems.add("tensors nested inside a " + element.getClass().getSimpleName() + " element");
        }
        return element;
    }

    private Object movedTensor(Object tensor) {
        boolean onGpu = torch.tensor(tensor, false).map(t -> t.onGpu()).orElse(false);
        if (!onGpu || spared.contains(tensor)) {
            return tensor;
        }
        Object copy = torch.tensorToCpu(tensor);
        torch.close(tensor);
        return copy;
    }

    private boolean holdsAnything(Object value) {
        return !(value instanceof String || value instanceof Number || value instanceof Boolean);
    }
}
