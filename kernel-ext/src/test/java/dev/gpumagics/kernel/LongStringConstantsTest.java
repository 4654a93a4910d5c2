package dev.gpumagics.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.Test;

class LongStringConstantsTest {

    private static String literal(String repeated, int times) {
        return "\"" + repeated.repeat(times) + "\"";
    }

    @Test
    void aLiteralPastTheClassFilesLimitIsFoundInCharsOrInBytes() {
        assertTrue(LongStringConstants.problem("String big2 = " + literal("a", 70_000) + ";").isPresent());
        assertTrue(LongStringConstants.problem(literal("a", 65_535) + ".length()").isPresent(), "javac refuses 65,535 chars");
        assertEquals(Optional.empty(), LongStringConstants.problem(literal("a", 65_534) + ".length()"));
        String euros = LongStringConstants.problem("var u = " + literal("\u20ac", 30_000) + ";").orElseThrow();
        assertTrue(euros.startsWith("constant string too long: a string constant here is 30,000 characters (90,000 bytes"), euros);
        assertEquals(Optional.empty(), LongStringConstants.problem(literal("\\u20ac", 20_000)), "an escape is one char");
    }

    @Test
    void literalsJoinedByPlusAreOneConstantWhereTheyStartTheExpression() {
        String a = literal("a", 40_000);
        String b = literal("b", 40_000);
        assertTrue(LongStringConstants.problem("String c = " + a + " + /* note */ " + b + ";").isPresent());
        assertTrue(LongStringConstants.problem("s += (" + a + " + " + b + ");").isPresent());
        assertEquals(Optional.empty(), LongStringConstants.problem("String d = x + " + a + " + " + b + ";"),
                "(x + a) + b: no constant, javac folds nothing");
        assertEquals(Optional.empty(), LongStringConstants.problem("String e = \"a\".repeat(70_000); // " + "z".repeat(70_000)));
        assertEquals(Optional.empty(), LongStringConstants.problem("char q = '\"'; String f = \"" + "\\\"".repeat(1000) + "\";"));
    }

    @Test
    void aTextBlockCountsItsLinesWithoutTheirSharedIndent() {
        String line = "        " + "t".repeat(60) + "\n";
        String block = "String t = \"\"\"\n" + line.repeat(1000) + "        \"\"\";";
        assertEquals(Optional.empty(), LongStringConstants.problem(block), "61,000 chars once the indent is gone: it fits");
        assertTrue(LongStringConstants.problem(block.replace(line.repeat(1000), line.repeat(1100))).isPresent());
    }

    /**
     * The JDK fact the check exists for: in JShell, a refused string constant breaks every later snippet (JDK 17.0.15
     * and 25, 2026-12-08). Should a JDK fix it, this test fails, and the kernel could leave the refusal to javac.
     */
    @Test
    void inJShellARefusedConstantBreaksEveryLaterSnippet() {
        try (JShell jshell = JShell.builder().executionEngine("local").build()) {
            jshell.eval("int warm = 1;");
            jshell.eval("String big2 = " + literal("a", 70_000) + ";");
            List<SnippetEvent> after = jshell.eval("1 + 1");
            assertEquals(Snippet.Status.RECOVERABLE_NOT_DEFINED, after.get(0).status());
            assertTrue(jshell.diagnostics(after.get(0).snippet()).anyMatch(d -> d.getMessage(null).startsWith("UTF8 representation")));
        }
    }
}
