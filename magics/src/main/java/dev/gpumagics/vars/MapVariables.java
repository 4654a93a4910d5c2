package dev.gpumagics.vars;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Named variables for a program without a notebook (a model server, a batch job): it registers what it
 * holds under names and hands this to {@link dev.gpumagics.release.MemoryRelease}. Thread-safe.
 */
public final class MapVariables implements NotebookVariables {

    private final Map<String, Binding> bindings = new LinkedHashMap<>();

    /** Defines or rebinds a variable; the declared type is the value's class. */
    public synchronized MapVariables put(String name, @Nullable Object value) {
        bindings.put(name, new Binding(name, value == null ? "Object" : value.getClass().getSimpleName(), value));
        return this;
    }

    /** Defines a variable with an explicit declared type (as JShell would print it, {@code int} for a primitive). */
    public synchronized MapVariables put(String name, String declaredType, @Nullable Object value) {
        bindings.put(name, new Binding(name, declaredType, value));
        return this;
    }

    public synchronized @Nullable Object get(String name) {
        Binding binding = bindings.get(name);
        return binding == null ? null : binding.value();
    }

    @Override
    public synchronized List<Binding> bindings() {
        return new ArrayList<>(bindings.values());
    }

    @Override
    public synchronized void set(String name, @Nullable Object value) {
        Binding old = bindings.get(name);
        if (old == null) {
            throw new IllegalArgumentException("no variable named " + name);
        }
        bindings.put(name, new Binding(name, old.declaredType(), value));
    }
}
