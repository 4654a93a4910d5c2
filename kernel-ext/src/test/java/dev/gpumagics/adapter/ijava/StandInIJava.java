package dev.gpumagics.adapter.ijava;

import dev.gpumagics.adapter.jshell.SnippetShell;
import dev.gpumagics.install.IJavaAddon;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import io.github.spencerpark.jupyter.kernel.magic.registry.UndefinedMagicException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jshell.JShell;
import org.jspecify.annotations.Nullable;

/**
 * IJava 1.3.0's JavaKernel as far as the add-on and a notebook touch it. IJava is not on Maven Central,
 * so this stands in for it over a real JShell on JDK's direct execution, as IJava runs one: the public
 * {@code getMagics()} and {@code evalRaw(String)}, the private {@code evaluator} field whose
 * {@code getShell()} is the JShell, and IJava's way with a magic line, rewritten to a call of its static
 * {@code lineMagic} (whose generic result JShell keeps as a {@code $N}), which wraps every exception.
 */
public final class StandInIJava extends BaseKernel implements AutoCloseable {

    private static @Nullable StandInIJava instance;

    private final Evaluator evaluator;
    private final Magics magics = new Magics();
    public final List<DisplayData> shown = new ArrayList<>();
    int evalRawCalls;

    public StandInIJava() throws Exception {
        this(System.getProperty("java.class.path"));
    }

    /** @param classpath what JShell gets: IJava gives it IJAVA_CLASSPATH */
    public StandInIJava(String classpath) throws Exception {
        evaluator = new Evaluator(classpath);
        instance = this;
        // IJava's own startup: its imports, and its static lineMagic in scope
        run("import java.util.*;");
        run("import static " + StandInIJava.class.getName() + ".lineMagic;");
    }

    /** IJava with the add-on installed: its startup script run as IJava runs it, naming this kernel for IJava's. */
    public static StandInIJava withTheAddOn() throws Exception {
        StandInIJava ijava = new StandInIJava();
        ijava.run(IJavaAddon.STARTUP_SCRIPT.replace("io.github.spencerpark.ijava.IJava.getKernelInstance()",
                StandInIJava.class.getName() + ".getKernelInstance()"));
        return ijava;
    }

    /** IJava.getKernelInstance(). */
    public static StandInIJava getKernelInstance() {
        return java.util.Objects.requireNonNull(instance);
    }

    public Magics getMagics() {
        return magics;
    }

    public @Nullable Object evalRaw(String expr) throws Exception {
        evalRawCalls++;
        return evaluator.shell.eval(expr);
    }

    /** What IJava does with a cell: each {@code %magic} line becomes a lineMagic call, then JShell runs it all. */
    public @Nullable String run(String cell) throws Exception {
        String java = cell.lines().map(line -> line.strip().startsWith("%") ? magicCall(line.strip().substring(1)) : line)
                .collect(Collectors.joining("\n"));
        return evaluator.shell.eval(java);
    }

    private static String magicCall(String line) {
        List<String> words = List.of(line.split("\\s+"));
        return "lineMagic(" + base64(words.get(0)) + ",List.of("
                + words.subList(1, words.size()).stream().map(StandInIJava::base64).collect(Collectors.joining(",")) + "));{};";
    }

    private static String base64(String text) {
        return "new String(Base64.getDecoder().decode(\"" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "\"))";
    }

    /** IJava's runtime Magics.lineMagic: an undefined magic as it is, any other exception wrapped. */
    public static <T> T lineMagic(String name, List<String> args) {
        try {
            return getKernelInstance().getMagics().applyLineMagic(name, args);
        } catch (UndefinedMagicException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeException(String.format("Exception occurred while running line magic '%s': %s", name, e.getMessage()), e);
        }
    }

    JShell jshell() {
        return evaluator.getShell();
    }

    @Override
    public void display(DisplayData data) {
        shown.add(data);
    }

    @Override
    public DisplayData eval(String expr) {
        throw new UnsupportedOperationException("the add-on calls evalRaw");
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return new LanguageInfo.Builder("Java").build();
    }

    @Override
    public void close() {
        evaluator.shell.close();
        instance = null;
    }

    /** IJava's CodeEvaluator: the add-on asks it only for its JShell. */
    public static final class Evaluator {
        private final SnippetShell shell;

        Evaluator(String classpath) {
            shell = new SnippetShell(classpath);
        }

        public JShell getShell() {
            return shell.jshell();
        }
    }
}
