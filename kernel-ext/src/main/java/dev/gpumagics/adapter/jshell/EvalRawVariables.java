package dev.gpumagics.adapter.jshell;

import dev.gpumagics.vars.Binding;
import dev.gpumagics.vars.NotebookVariables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.VarSnippet;
import org.jspecify.annotations.Nullable;

/**
 * The notebook's variables where the kernel hands out its JShell but not where JShell keeps the values
 * (IJava, JJava): names and types come from JShell, values from code the kernel evaluates. Each
 * evaluation is a javac run (20 to 40 ms here, more with many names), so a scan compiles at most one
 * snippet, and only for variables declared since the last scan: it hands over a
 * {@code Supplier<Object[]>} that reads those variables whenever it is called. Rebinding is one block
 * of assignments, however many variables it clears.
 */
public final class EvalRawVariables implements NotebookVariables {

    /** The kernel's {@code evalRaw}: runs code in the notebook, failing with the kernel's own exception. */
    public interface Evaluator {
        void eval(String code) throws Exception;
    }

    private static final String HANDOFF = Handoff.class.getName();

    /** A compiled reader: the snippets it reads, in the order of the values it returns. */
    private record Reader(List<String> snippetIds, Supplier<Object[]> values) {}

    private final Supplier<JShell> jshell;
    private final Evaluator evaluator;
    private final List<Reader> readers = new ArrayList<>();

    public EvalRawVariables(Supplier<JShell> jshell, Evaluator evaluator) {
        this.jshell = jshell;
        this.evaluator = evaluator;
    }

    @Override
    public synchronized List<Binding> bindings() {
        List<VarSnippet> current = variables();
        Set<String> currentIds = current.stream().map(VarSnippet::id).collect(Collectors.toSet());
        Map<String, Reader> readerOf = new HashMap<>();
        // a reader whose variables were all redeclared reads only old values: dropped
        readers.removeIf(reader -> reader.snippetIds().stream().noneMatch(currentIds::contains));
        readers.forEach(reader -> reader.snippetIds().forEach(id -> readerOf.put(id, reader)));
        List<VarSnippet> unread = current.stream().filter(v -> !readerOf.containsKey(v.id())).toList();
        if (!unread.isEmpty()) {
            Reader reader = compile(unread);
            readers.add(reader);
            reader.snippetIds().forEach(id -> readerOf.put(id, reader));
        }
        Map<String, @Nullable Object> values = new HashMap<>();
        for (Reader reader : List.copyOf(readers)) {
            Object[] read;
            try {
                read = reader.values().get();
            } catch (RuntimeException | LinkageError e) {
                readers.remove(reader); // compiled again at the next scan; its variables are not read this time
                continue;
            }
            for (int i = 0; i < read.length; i++) {
                values.put(reader.snippetIds().get(i), read[i]);
            }
        }
        List<Binding> bindings = new ArrayList<>();
        for (VarSnippet variable : current) {
            if (values.containsKey(variable.id())) {
                bindings.add(new Binding(variable.name(), variable.typeName(), values.get(variable.id())));
            }
        }
        return List.copyOf(bindings);
    }

    @Override
    public void set(String name, @Nullable Object value) {
        Map<String, @Nullable Object> one = new LinkedHashMap<>();
        one.put(name, value);
        setAll(one);
    }

    @Override
    public synchronized void setAll(Map<String, @Nullable Object> values) {
        if (values.isEmpty()) {
            return;
        }
        Map<String, VarSnippet> byName = new HashMap<>();
        variables().forEach(v -> byName.put(v.name(), v));
        List<@Nullable Object> handed = new ArrayList<>();
        StringBuilder block = new StringBuilder("{ Object[] gpumagics$values = (Object[]) " + HANDOFF + ".take(); ");
        for (Map.Entry<String, @Nullable Object> entry : values.entrySet()) {
            VarSnippet variable = byName.get(entry.getKey());
            if (variable == null) {
                throw new IllegalArgumentException("no notebook variable named " + entry.getKey());
            }
            block.append(entry.getKey()).append(" = ");
            if (entry.getValue() == null) {
                block.append("null; ");
            } else {
                block.append('(').append(variable.typeName()).append(") gpumagics$values[").append(handed.size()).append("]; ");
                handed.add(entry.getValue());
            }
        }
        Handoff.put(handed.toArray());
        try {
            evaluator.eval(block.append('}').toString());
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot set " + String.join(", ", values.keySet()) + ": " + firstLine(e), e);
        } finally {
            Handoff.take();
        }
    }

    /** The notebook's variables that a snippet can name now, without the kernel's own magic temporaries. */
    private List<VarSnippet> variables() {
        JShell shell = jshell.get();
        return shell.variables()
                .filter(v -> shell.status(v) == Snippet.Status.VALID)
                .filter(v -> !MagicTemporaries.isMagicCall(v))
                .toList();
    }

    /** One evaluation: a statement (no {@code $N}) that hands over a reader of these variables. */
    private Reader compile(List<VarSnippet> variables) {
        String names = variables.stream().map(VarSnippet::name).collect(Collectors.joining(", "));
        String code = HANDOFF + ".put((java.util.function.Supplier<Object[]>) () -> new Object[] {" + names + "});";
        Handoff.take();
        try {
            evaluator.eval(code);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the notebook's variables: " + firstLine(e), e);
        }
        @SuppressWarnings("unchecked")
        Supplier<Object[]> values = (Supplier<Object[]>) Handoff.take();
        if (values == null) {
            throw new IllegalStateException("cannot read the notebook's variables: the kernel did not run " + code);
        }
        return new Reader(variables.stream().map(VarSnippet::id).toList(), values);
    }

    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        return message.lines().findFirst().orElse(message);
    }
}
