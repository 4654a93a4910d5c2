package dev.gpumagics.kernel;

import dev.gpumagics.vars.Binding;
import dev.gpumagics.vars.NotebookVariables;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;
import jdk.jshell.JShell;
import jdk.jshell.VarSnippet;
import org.jspecify.annotations.Nullable;

/**
 * The notebook's variables over JShell, {@code $1}-style temporaries included, with their live values.
 * JShell keeps each variable in a static field of a generated class; JShell's own {@code varValue}
 * names that class and field, and the value is read and written there by reflection, never through a
 * new snippet (which would create one more temporary holding the same object).
 */
public final class JShellVariables implements NotebookVariables {

    private final java.util.function.Supplier<JShell> jshell;
    private final NotebookExecutionControl control;
    private final NotebookClassLoader loader;

    JShellVariables(java.util.function.Supplier<JShell> jshell, NotebookExecutionControl control, NotebookClassLoader loader) {
        this.jshell = jshell;
        this.control = control;
        this.loader = loader;
    }

    @Override
    public List<Binding> bindings() {
        return jshell.get().variables().map(this::binding).flatMap(Optional::stream).toList();
    }

    /** One variable with its live value; absent where its snippet has no field to read (failed to initialize). */
    Optional<Binding> binding(VarSnippet snippet) {
        return field(snippet).flatMap(field -> {
            try {
                return Optional.of(new Binding(snippet.name(), snippet.typeName(), field.get(null)));
            } catch (IllegalAccessException | ExceptionInInitializerError e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public void set(String name, @Nullable Object value) {
        VarSnippet snippet = jshell.get().variables()
                .filter(v -> v.name().equals(name))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new IllegalArgumentException("no notebook variable named " + name));
        Field field = field(snippet).orElseThrow(
                () -> new IllegalArgumentException("the variable " + name + " has no value to replace"));
        Class<?> type = field.getType();
        if (value == null ? type.isPrimitive() : !MethodType.methodType(type).wrap().returnType().isInstance(value)) {
            throw new IllegalArgumentException("the variable " + name + " (" + snippet.typeName() + ") cannot hold "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        if (Modifier.isFinal(field.getModifiers())) {
            throw new IllegalArgumentException("the variable " + name + " is final");
        }
        try {
            field.set(null, value);
            if (value == null) {
                control.freedVariables().cleared(field); // the release engine frees a variable by setting it to null
            } else {
                control.freedVariables().assigned(field);
            }
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("the variable " + name + " cannot be set: " + e.getMessage(), e);
        }
    }

    /** Clears what the snippet's field refers to, where it refers to anything; a primitive holds nothing. */
    void release(VarSnippet snippet) {
        field(snippet).filter(f -> !f.getType().isPrimitive() && !Modifier.isFinal(f.getModifiers())).ifPresent(f -> {
            try {
                f.set(null, null);
            } catch (IllegalAccessException e) {
                // a field we cannot write keeps its value: at worst one String stays alive
            }
        });
    }

    private Optional<Field> field(VarSnippet snippet) {
        NotebookExecutionControl.FieldRef ref = control.locate(() -> {
            try {
                jshell.get().varValue(snippet);
            } catch (IllegalArgumentException | IllegalStateException e) {
                // not active or not initialized: then there is no field to read
            }
        });
        if (ref == null) {
            return Optional.empty();
        }
        try {
            Field field = Class.forName(ref.className(), false, loader).getDeclaredField(ref.fieldName());
            field.setAccessible(true);
            return Optional.of(field);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }
}
