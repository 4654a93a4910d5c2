package dev.gpumagics.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.jupyter.kernel.CellOutput;
import dev.gpumagics.jupyter.kernel.Completeness;
import dev.gpumagics.jupyter.kernel.Completion;
import dev.gpumagics.jupyter.kernel.ExecuteOutcome;
import dev.gpumagics.jupyter.kernel.ExecuteRequest;
import dev.gpumagics.jupyter.kernel.Failure;
import dev.gpumagics.jupyter.kernel.MimeBundle;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The kernel's cell handling, completion, inspection and errors, on a real JShell, without Jupyter. */
class GpuMagicsKernelTest {

    private static GpuMagicsKernel kernel;

    @BeforeAll
    static void start() {
        kernel = new GpuMagicsKernel(NotebookShell.start());
    }

    @AfterAll
    static void stop() {
        kernel.shutdown(false);
    }

    @Test
    void aCellRunsSnippetsAndMagicsInOrderAndShowsTheLastValue() {
        NotebookShell.Result result = kernel.run("int a = 2;\n%jars\nint b = a * 3;\nb + 1");
        assertTrue(result.hasValue());
        assertEquals(7, result.value());
        assertFalse(kernel.run("int c = 1;").hasValue(), "a declaration shows nothing");
    }

    @Test
    void aThrowingCellReportsTheRealExceptionAndNotebookFramesOnly() {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> kernel.run("void fail() { throw new IllegalStateException(\"boom\"); }\nfail();"));
        ErrorReport report = ErrorReport.of(e);
        assertEquals("java.lang.IllegalStateException", report.ename());
        assertEquals("boom", report.evalue());
        assertEquals(List.of("java.lang.IllegalStateException: boom", "\tat fail, declared in the notebook", "\tat the cell"),
                report.traceback());
        assertEquals(3, kernel.run("1 + 2").value(), "the kernel goes on");
    }

    @Test
    void aCompileErrorSaysWhatJavacSaid() {
        ErrorReport report = ErrorReport.of(assertThrows(RuntimeException.class, () -> kernel.run("int x = \"text\";")));
        assertEquals("CompilationError", report.ename());
        assertTrue(report.evalue().contains("incompatible types"), report.evalue());
    }

    @Test
    void aStringConstantTooLongForAClassFileIsACompileErrorAndTheNextCellsRun() {
        String literal = "\"" + "a".repeat(70_000) + "\"";
        ErrorReport declared = ErrorReport.of(assertThrows(RuntimeException.class, () -> kernel.run("String big2 = " + literal + ";")));
        assertEquals("CompilationError", declared.ename());
        assertTrue(declared.evalue().startsWith("constant string too long: a string constant here is 70,000 characters"), declared.evalue());
        ErrorReport expression = ErrorReport.of(assertThrows(RuntimeException.class, () -> kernel.run(literal + ".length()")));
        assertTrue(expression.evalue().startsWith("constant string too long"), expression.evalue());
        assertEquals(2, kernel.run("1 + 1").value(), "JShell still compiles");
        ErrorReport after = ErrorReport.of(assertThrows(RuntimeException.class, () -> kernel.run("big2")));
        assertTrue(after.evalue().startsWith("cannot find symbol"), "big2 was never defined: " + after.evalue());
    }

    @Test
    void whatJavacRefusesAtCodeGenerationIsACompileErrorNotASilentOk() {
        String method = "void huge() { int x = 0; " + "x += 12345678;".repeat(15_000) + " }";
        ErrorReport tooLarge = ErrorReport.of(assertThrows(RuntimeException.class, () -> kernel.run(method)));
        assertEquals("code too large", tooLarge.evalue());
        assertTrue(tooLarge.traceback().get(1).endsWith("characters)"), "the offending line is cut: " + tooLarge.traceback().get(1).length());
        assertEquals(3, kernel.run("1 + 2").value());
    }

    @Test
    void aDeclarationWaitingForAClassNotYetDeclaredIsKept() {
        assertFalse(kernel.run("class Later extends NotYet {}").hasValue(), "JShell defines it once NotYet exists");
        kernel.run("class NotYet {}");
        assertEquals("NotYet", kernel.run("new Later().getClass().getSuperclass().getSimpleName()").value());
    }

    @Test
    void aUserExpressionIsItsValueAndLeavesNothingBehind() {
        kernel.run("int base = 40;");
        ExecuteOutcome value = kernel.evaluate("base + 2");
        assertEquals("42", ((ExecuteOutcome.Done) value).result().orElseThrow().plainText());
        ExecuteOutcome list = kernel.evaluate("java.util.List.of(base)");
        assertEquals("[40]", ((ExecuteOutcome.Done) list).result().orElseThrow().plainText());
        long temporaries = kernel.shell().jshell().variables().filter(v -> v.name().startsWith("$")).count();
        kernel.evaluate("new Object()");
        assertEquals(temporaries, kernel.shell().jshell().variables().filter(v -> v.name().startsWith("$")).count(),
                "no $N kept, even for an object");
        for (String notAnExpression : new String[] {"int made = 1;", "base = 1", "void m() {}", "1; 2"}) {
            ExecuteOutcome refused = kernel.evaluate(notAnExpression);
            assertTrue(refused instanceof ExecuteOutcome.Failed, notAnExpression);
        }
        assertEquals(40, kernel.run("base").value(), "the assignment was not run");
        ExecuteOutcome thrown = kernel.evaluate("Integer.parseInt(\"x\")");
        assertEquals("java.lang.NumberFormatException", ((ExecuteOutcome.Failed) thrown).failure().ename());
    }

    @Test
    void theTracebackOfAThrowingToStringStopsAtTheNotebooksCode() {
        ExecuteOutcome outcome = kernel.execute(new ExecuteRequest(
                "new Object() { public String toString() { throw new IllegalStateException(\"bad\"); } }",
                false, true, false, true, 1), CellOutput.NOWHERE);
        Failure failure = ((ExecuteOutcome.Failed) outcome).failure();
        assertEquals(List.of("java.lang.IllegalStateException: bad", "\tat toString, declared in the notebook"), failure.traceback());
    }

    @Test
    void aNameFollowedByAQuestionMarkPagesItsDocumentation() {
        ExecuteOutcome paged = kernel.execute(new ExecuteRequest("Math.max?", false, true, false, true, 1), CellOutput.NOWHERE);
        String page = ((ExecuteOutcome.Paged) paged).page().plainText();
        assertTrue(page.contains("max("), page);
        ExecuteOutcome unknown = kernel.execute(new ExecuteRequest("noSuchThing?", false, true, false, true, 1), CellOutput.NOWHERE);
        assertTrue(((ExecuteOutcome.Failed) unknown).failure().evalue().startsWith("no documentation for noSuchThing"));
        assertEquals(Optional.empty(), DocumentationRequest.target("boolean b = x > 1 ? true : false;"));
        assertEquals(Optional.of("String.format"), DocumentationRequest.target("  String.format??\n"));
    }

    @Test
    void clearOutputClearsWhatTheCellShowed() {
        List<Boolean> clears = new java.util.ArrayList<>();
        CellOutput recording = new CellOutput() {
            @Override
            public void display(MimeBundle bundle) {
            }

            @Override
            public void clear(boolean wait) {
                clears.add(wait);
            }
        };
        kernel.execute(new ExecuteRequest("%clear_output\n%clear_output --wait", false, true, false, true, 1), recording);
        assertEquals(List.of(false, true), clears);
        ExecuteOutcome wrong = kernel.execute(new ExecuteRequest("%clear_output now", false, true, false, true, 1), recording);
        assertEquals("usage: %clear_output [--wait] (not now)", ((ExecuteOutcome.Failed) wrong).failure().evalue());
    }

    @Test
    void magicUsageErrorsAreOneLine() {
        ErrorReport unknown = ErrorReport.of(assertThrows(RuntimeException.class, () -> kernel.run("%nosuchmagic")));
        assertEquals(List.of("no magic named %nosuchmagic"), unknown.traceback());
        ErrorReport maven = ErrorReport.of(assertThrows(RuntimeException.class, () -> kernel.run("%maven not-a-coordinate")));
        assertEquals(List.of("not a Maven coordinate: 'not-a-coordinate'; expected group:artifact:version[:classifier]"),
                maven.traceback());
    }

    @Test
    void aLineOfJavaThatStartsWithPercentIsJavaNotAMagic() {
        // a text block's line, an operator continuing an expression: only a %name at a statement boundary is a magic
        assertEquals("3 items", kernel.run("String fmt = \"\"\"\n    %d items\n    \"\"\";\nString.format(fmt, 3).strip()").value());
        assertEquals(1, kernel.run("int r = 10\n    % 3;\nr").value());
        assertEquals(2, kernel.run("int q = 17 /* spare\n%gpumem is not run here\n*/ % 5;\nq").value());
        assertEquals(4, kernel.run("int m = 4;\n%jars\nm").value(), "a magic between statements still runs");
    }

    @Test
    void aLineMagicWrittenAsACellMagicSaysSo() {
        ErrorReport report = ErrorReport.of(assertThrows(RuntimeException.class, () -> kernel.run("%%gpumem\n1 + 1")));
        assertEquals(List.of("no cell magic named %%gpumem (a line magic takes one %: %gpumem)"), report.traceback());
    }

    @Test
    void completionInspectionAndCompleteness() {
        Completion options = kernel.complete("int n = 1;\nMath.ma", 17);
        assertTrue(options.matches().contains("max("), options.matches().toString());
        assertEquals(16, options.start());
        Optional<MimeBundle> doc = kernel.inspect("Math.max(1, 2)", 6, 0);
        assertTrue(doc.isPresent(), "shift-tab on Math.max documents it");
        assertTrue(doc.get().plainText().contains("max("), doc.get().toString());
        assertEquals(Completeness.incomplete("    "), kernel.isComplete("for (int i = 0; i < 3; i++) {"));
        assertEquals(Completeness.Status.COMPLETE, kernel.isComplete("%jars\n1 + 1").status());
    }
}
