package dev.gpumagics.kernel;

import dev.gpumagics.watch.TouchedVariable;
import dev.gpumagics.watch.VariableChange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.VarSnippet;
import org.jspecify.annotations.Nullable;

/**
 * The variables a cell declared or assigned, from JShell's snippet events: a declaration is a variable snippet, an
 * assignment ({@code x = ...;}) an expression snippet that names its variable. At the cell's end only those are read,
 * however many the notebook has. An assignment inside a block or a loop is not a snippet of its own and goes unseen.
 * Listens only while the watch is on.
 */
final class CellVariables {

    private final NotebookShell shell;
    private final Map<String, VariableChange.How> touched = new LinkedHashMap<>();
    /** The declarations' own snippets: only an assignment's variable has to be looked up among all of JShell's. */
    private final Map<String, VarSnippet> declared = new LinkedHashMap<>();
    private final Set<String> replaced = new HashSet<>();
    private JShell.@Nullable Subscription subscription;

    CellVariables(NotebookShell shell) {
        this.shell = shell;
    }

    /** From now on, snippet events are noted. */
    void listen() {
        if (subscription == null) {
            subscription = shell.jshell().onSnippetEvent(this::noted);
        }
    }

    void stopListening() {
        if (subscription != null) {
            shell.jshell().unsubscribe(subscription);
            subscription = null;
        }
        forget();
    }

    /** A cell starts: what the one before touched is no longer wanted. */
    void forget() {
        touched.clear();
        declared.clear();
        replaced.clear();
    }

    private void noted(SnippetEvent event) {
        Snippet snippet = event.snippet();
        if (event.causeSnippet() != null) {
            if (snippet instanceof VarSnippet old && event.status() == Snippet.Status.OVERWRITTEN) {
                replaced.add(old.name()); // a declaration of the same name replaced it
            }
            return;
        }
        if (!event.status().isDefined()) {
            return;
        }
        if (snippet instanceof VarSnippet variable) {
            touched.putIfAbsent(variable.name(), VariableChange.How.CREATED);
            declared.put(variable.name(), variable);
        } else if (snippet instanceof ExpressionSnippet expression
                && expression.subKind() == Snippet.SubKind.ASSIGNMENT_SUBKIND) {
            touched.putIfAbsent(expression.name(), VariableChange.How.ASSIGNED);
        }
    }

    /** The variables touched since {@link #forget()}, with their values now. */
    List<TouchedVariable> read() {
        if (touched.isEmpty()) {
            return List.of();
        }
        JShell jshell = shell.jshell();
        Map<String, VarSnippet> active = new LinkedHashMap<>(declared);
        if (active.size() < touched.size()) {
            jshell.variables().filter(v -> touched.containsKey(v.name()) && !declared.containsKey(v.name()))
                    .forEach(v -> active.put(v.name(), v));
        }
        List<TouchedVariable> read = new ArrayList<>();
        touched.forEach((name, how) -> {
            VarSnippet snippet = active.get(name);
            if (snippet == null) {
                return; // dropped since (a failed redeclaration)
            }
            VariableChange.How said = how == VariableChange.How.CREATED && replaced.contains(name) ? VariableChange.How.REDECLARED : how;
            shell.variables().binding(snippet).ifPresent(binding -> read.add(new TouchedVariable(binding, said)));
        });
        return read;
    }
}
