package dev.gpumagics.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.vars.Binding;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real JShell: the variables a notebook defines, temporaries included, as live objects. */
class JShellVariablesTest {

    private static NotebookShell shell;

    @BeforeAll
    static void start() {
        shell = NotebookShell.start();
    }

    @AfterAll
    static void close() {
        shell.close();
    }

    private static Map<String, Binding> byName() {
        return shell.variables().bindings().stream()
                .collect(Collectors.toMap(Binding::name, b -> b, (a, b) -> b));
    }

    @Test
    void declaredVariablesAndTemporariesAreLiveObjects() {
        shell.eval("var list = new java.util.ArrayList<String>(); list.add(\"a\");");
        shell.eval("int count = 3;");
        NotebookShell.Result temp = shell.eval("new StringBuilder(\"tmp\")");
        Map<String, Binding> vars = byName();

        Binding list = vars.get("list");
        assertEquals("java.util.ArrayList<String>", list.declaredType());
        assertEquals(List.of("a"), list.value());
        assertEquals(3, vars.get("count").value());
        Binding tempBinding = vars.values().stream()
                .filter(b -> b.name().startsWith("$") && b.value() instanceof StringBuilder)
                .findFirst().orElseThrow();
        // the same object the cell returned, not a copy or a string
        assertSame(temp.value(), tempBinding.value());
        assertEquals("StringBuilder", tempBinding.declaredType());
    }

    @Test
    void aMutationThroughTheBindingIsSeenByTheNotebook() {
        shell.eval("var names = new java.util.ArrayList<String>();");
        @SuppressWarnings("unchecked")
        List<String> live = (List<String>) byName().get("names").value();
        live.add("seen");
        assertEquals(1, shell.eval("names.size()").value());
    }

    @Test
    void setReplacesAndClearsTheNotebooksVariable() {
        shell.eval("Object held = new int[1000];");
        shell.variables().set("held", null);
        assertEquals(true, shell.eval("held == null").value());
        assertNull(byName().get("held").value());
        shell.variables().set("held", "back");
        assertEquals("back", shell.eval("held").value());
    }

    @Test
    void setRefusesWhatTheVariableCannotHold() {
        shell.eval("long size = 5;");
        assertThrows(IllegalArgumentException.class, () -> shell.variables().set("size", null));
        assertThrows(IllegalArgumentException.class, () -> shell.variables().set("size", "text"));
        assertThrows(IllegalArgumentException.class, () -> shell.variables().set("noSuchVariable", 1));
        shell.variables().set("size", 7L);
        assertEquals(7L, shell.eval("size").value());
    }

    @Test
    void aRedeclaredVariableReportsItsNewValueOnce() {
        shell.eval("String twice = \"first\";");
        shell.eval("Integer twice = 2;");
        List<Binding> named = shell.variables().bindings().stream().filter(b -> b.name().equals("twice")).toList();
        assertEquals(1, named.size());
        assertEquals(2, named.get(0).value());
        assertEquals("Integer", named.get(0).declaredType());
    }

    @Test
    void snippetClassesLiveInTheNotebookLoader() {
        shell.eval("class Box { int v = 4; }");
        shell.eval("var box = new Box();");
        Object box = byName().get("box").value();
        assertSame(shell.classLoader(), box.getClass().getClassLoader());
        assertTrue(shell.classLoader().addedPaths().isEmpty());
    }
}
