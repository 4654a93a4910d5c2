package dev.gpumagics.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.jupyter.kernel.Completeness;
import dev.gpumagics.jupyter.kernel.Completion;
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
