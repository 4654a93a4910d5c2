package dev.gpumagics.vars;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The notebook's variables, as the kernel side exposes them to the engine. The engine never sees
 * JShell or Jupyter types; the kernel side implements this over its own evaluator.
 */
public interface NotebookVariables {

    /** Every variable currently defined, with its live value. */
    List<Binding> bindings();

    /**
     * Rebinds a variable, or clears it when {@code value} is null.
     *
     * @throws IllegalArgumentException when no such variable exists or it cannot hold the value
     */
    void set(String name, @Nullable Object value);

    /** A notebook without variables: the plain Java API and the CLI use it. */
    static NotebookVariables none() {
        return new NotebookVariables() {
            @Override
            public List<Binding> bindings() {
                return List.of();
            }

            @Override
            public void set(String name, @Nullable Object value) {
                throw new IllegalArgumentException("no notebook variables here: " + name);
            }
        };
    }
}
