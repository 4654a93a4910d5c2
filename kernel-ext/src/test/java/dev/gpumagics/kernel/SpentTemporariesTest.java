package dev.gpumagics.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.vars.Binding;
import java.lang.ref.WeakReference;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a real JShell: the {@code $N} temporaries of values that hold nothing go once their cell ran,
 * those that hold objects stay, and the notebook's own names behave as JShell's always did.
 */
class SpentTemporariesTest {

    private NotebookShell shell;

    @BeforeEach
    void start() {
        shell = NotebookShell.start();
    }

    @AfterEach
    void close() {
        shell.close();
    }

    private List<Binding> temporaries() {
        return shell.variables().bindings().stream().filter(b -> b.name().startsWith("$")).toList();
    }

    private long activeSnippets() {
        return shell.jshell().snippets().filter(s -> shell.jshell().status(s).isActive()).count();
    }

    @Test
    void primitivesStringsAndNullsLeaveNoTemporaryBehind() {
        assertEquals(2, shell.eval("1+1").value());
        assertEquals("ab", shell.eval("\"a\" + \"b\"").value());
        assertNull(shell.eval("(Object) null").value());
        assertEquals(true, shell.eval("int n = 3; n > 2").value());
        assertEquals(List.of(), temporaries());
    }

    @Test
    void aTemporaryHoldingAnObjectStaysTheSameObject() {
        Object list = shell.eval("new java.util.ArrayList<>(java.util.List.of(1, 2))").value();
        List<Binding> kept = temporaries();
        assertEquals(1, kept.size(), kept.toString());
        assertSame(list, kept.get(0).value());
        assertEquals(2, shell.eval(kept.get(0).name() + ".size()").value(), "the notebook can still name it");
    }

    @Test
    void aDroppedStringIsNotKeptAliveByItsSnippetsClass() {
        WeakReference<Object> shown = new WeakReference<>(shell.eval("\"x\".repeat(1_000_000)").value());
        shell.eval("int next = 0;"); // the kernel keeps the last snippet's value until the next one runs
        for (int i = 0; i < 10 && shown.get() != null; i++) {
            System.gc();
        }
        assertTrue(shown.get() == null, "the dropped $N's field still holds the string");
    }

    @Test
    void thousandsOfExpressionsDoNotGrowTheSetOfActiveSnippets() {
        shell.eval("int v = 1;");
        long before = activeSnippets();
        for (int i = 0; i < 200; i++) {
            shell.eval("v * " + i);
        }
        assertEquals(before, activeSnippets());
    }

    @Test
    void anExpressionThatThrowsLeavesNoTemporaryAndTheNotebookGoesOn() {
        assertThrows(NotebookShell.UserException.class, () -> shell.eval("Integer.parseInt(\"nope\")"));
        assertEquals(List.of(), temporaries());
        assertEquals(42, shell.eval("40 + 2").value());
    }

    @Test
    void namesRedeclarationAndDependentsWorkAsBefore() {
        shell.eval("int f() { return 1; }");
        shell.eval("int g() { return f() + 1; }");
        assertEquals(2, shell.eval("g()").value());
        shell.eval("int f() { return 10; }");
        assertEquals(11, shell.eval("g()").value(), "g follows the new f");
        shell.eval("record P(int a) { int twice() { return 2 * a; } }");
        shell.eval("var p = new P(g());");
        assertEquals(22, shell.eval("p.twice()").value());
        shell.eval("String p = \"now a string\";");
        assertEquals("now a string", shell.eval("p").value());
        shell.eval("int count = 1; count += 1;");
        assertEquals(2, shell.eval("count").value());
    }

    @Test
    void aCellOfSeveralExpressionsShowsTheLastAndKeepsNone() {
        assertEquals(9, shell.eval("1 + 2;\n3 * 3").value());
        assertEquals(List.of(), temporaries());
    }
}
