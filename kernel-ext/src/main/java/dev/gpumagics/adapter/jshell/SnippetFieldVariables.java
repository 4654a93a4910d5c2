package dev.gpumagics.adapter.jshell;

import dev.gpumagics.vars.Binding;
import dev.gpumagics.vars.NotebookVariables;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.VarSnippet;
import org.jspecify.annotations.Nullable;

/**
 * The notebook's variables in a kernel that hands out its JShell but runs snippets itself (IJava,
 * JJava). Each variable is a static field of a class JShell generated for its snippet; JShell's public
 * analysis names that class ({@code SourceCodeAnalysis.wrapper(snippet).fullClassName()}), and the
 * field is read and written there, as JShell's own {@code varValue} reads it: no code is compiled per
 * scan or per variable (each evaluation would be a javac run, 20 to 40 ms here). The one evaluation is
 * a statement, made once, that hands over the class loader JShell defines snippet classes in.
 */
public final class SnippetFieldVariables implements NotebookVariables {

    /** The kernel's {@code evalRaw}: runs code in the notebook, failing with the kernel's own exception. */
    public interface Evaluator {
        void eval(String code) throws Exception;
    }

    private final Supplier<JShell> jshell;
    private final Evaluator evaluator;
    private final Map<String, Optional<Field>> fields = new HashMap<>();
    private @Nullable ClassLoader snippetClasses;

    public SnippetFieldVariables(Supplier<JShell> jshell, Evaluator evaluator) {
        this.jshell = jshell;
        this.evaluator = evaluator;
    }

    @Override
    public synchronized List<Binding> bindings() {
        List<Binding> bindings = new ArrayList<>();
        for (VarSnippet variable : variables()) {
            field(variable).ifPresent(field -> {
                try {
                    bindings.add(new Binding(variable.name(), variable.typeName(), field.get(null)));
                } catch (IllegalAccessException | ExceptionInInitializerError e) {
                    // a variable whose snippet failed to initialize has no value to report
                }
            });
        }
        return List.copyOf(bindings);
    }

    @Override
    public synchronized void set(String name, @Nullable Object value) {
        VarSnippet variable = variables().stream().filter(v -> v.name().equals(name)).reduce((first, second) -> second)
                .orElseThrow(() -> new IllegalArgumentException("no notebook variable named " + name));
        Field field = field(variable).orElseThrow(() -> new IllegalArgumentException("the variable " + name + " has no value to replace"));
        Class<?> type = field.getType();
        if (value == null ? type.isPrimitive() : !MethodType.methodType(type).wrap().returnType().isInstance(value)) {
            throw new IllegalArgumentException("the variable " + name + " (" + variable.typeName() + ") cannot hold "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        if (Modifier.isFinal(field.getModifiers())) {
            throw new IllegalArgumentException("the variable " + name + " is final");
        }
        try {
            field.set(null, value);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("the variable " + name + " cannot be set: " + e.getMessage(), e);
        }
    }

    /** The notebook's variables that hold a value now, without the kernel's own magic temporaries. */
    private List<VarSnippet> variables() {
        JShell shell = jshell.get();
        return shell.variables()
                .filter(v -> shell.status(v) == Snippet.Status.VALID)
                .filter(v -> !MagicTemporaries.isMagicCall(v))
                .toList();
    }

    /** Where the variable's value is: its wrapper class changes when JShell recompiles the snippet, so that is the key. */
    private Optional<Field> field(VarSnippet variable) {
        String wrapper = jshell.get().sourceCodeAnalysis().wrapper(variable).fullClassName();
        return fields.computeIfAbsent(wrapper + "#" + variable.name(), key -> {
            try {
                Field field = Class.forName(wrapper, false, snippetClasses()).getDeclaredField(variable.name());
                field.setAccessible(true); // JShell's wrapper classes are not public
                return Optional.of(field);
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    private ClassLoader snippetClasses() {
        if (snippetClasses == null) {
            Handoff.take();
            try {
                // a statement: JShell keeps no $N for it, and the anonymous class declares nothing in the notebook
                evaluator.eval(Handoff.class.getName() + ".put(new Object() {}.getClass().getClassLoader());");
            } catch (Exception e) {
                String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
                throw new IllegalStateException("cannot reach the notebook's variables: " + message.lines().findFirst().orElse(message), e);
            }
            if (!(Handoff.take() instanceof ClassLoader loader)) {
                throw new IllegalStateException("cannot reach the notebook's variables: the kernel did not run a statement it was given");
            }
            snippetClasses = loader;
        }
        return snippetClasses;
    }
}
