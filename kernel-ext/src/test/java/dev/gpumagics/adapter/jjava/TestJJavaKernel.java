package dev.gpumagics.adapter.jjava;

import dev.gpumagics.adapter.jshell.SnippetShell;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import jdk.jshell.JShell;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.jspecify.annotations.Nullable;

/**
 * The smallest JJava kernel: jjava-jupyter's own BaseKernel, built by its own builder, over a JShell
 * run as JJava's JavaKernel runs it, and loading extensions as JavaKernel does: at start-up from the
 * notebook's class loader, and again from every classpath {@code %maven} or {@code %jars} adds. A
 * magic line goes through jjava-jupyter's own parser and transpiler to its static {@code lineMagic}.
 */
public final class TestJJavaKernel extends BaseKernel implements AutoCloseable {

    private final SnippetShell shell;
    private final ClassLoader notebookLoader;
    public final List<DisplayData> shown = new ArrayList<>();
    final List<Extension> installing = new ArrayList<>();
    int evalRawCalls;

    private TestJJavaKernel(Builder b, MagicParser parser, SnippetShell shell) {
        super(b.name(), "1.0-a6", new LanguageInfo.Builder("Java").build(), List.of(), b.history(), b.io(), b.comms(),
                b.renderer(), parser, b.registry(), true, b.styler());
        this.shell = shell;
        this.notebookLoader = snippetLoader(shell);
    }

    /** Started as JJava starts its kernel: {@link #onStartup()} installs the extensions it finds. */
    public static TestJJavaKernel start() {
        TestJJavaKernel kernel = new Builder("").build();
        kernel.onStartup();
        return kernel;
    }

    /**
     * Started as JJava starts from a kernelspec: JShell gets {@code JJAVA_CLASSPATH} first, then
     * {@link #onStartup()} installs the extensions it finds.
     */
    public static TestJJavaKernel start(String jjavaClasspath) {
        TestJJavaKernel kernel = new Builder(jjavaClasspath).build();
        kernel.onStartup();
        return kernel;
    }

    /** The loader JShell defines snippet classes in, asked of a snippet (JShell's API does not name it). */
    private static ClassLoader snippetLoader(SnippetShell shell) {
        String key = TestJJavaKernel.class.getName() + ".loader";
        try {
            shell.eval("{ System.getProperties().put(\"" + key + "\", new Object() {}.getClass().getClassLoader()); }");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return (ClassLoader) Objects.requireNonNull(System.getProperties().remove(key));
    }

    /** JavaKernel.getJShell(), which the extension calls by name. */
    public JShell getJShell() {
        return shell.jshell();
    }

    /** JavaKernel.addToClasspath: JShell first, then the extensions the new entries carry. */
    public void addToClasspath(String classpath) {
        shell.jshell().addToClasspath(classpath);
        installExtensions(classpath);
    }

    /** A cell as JJava runs it: magics resolved by jjava-jupyter, then JShell. */
    public @Nullable String run(String cell) throws Exception {
        return shell.eval(magicParser.resolveMagics(cell));
    }

    @Override
    public @Nullable Object evalRaw(String source) {
        evalRawCalls++;
        try {
            return shell.eval(magicParser.resolveMagics(source));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected ClassLoader getClassLoader() {
        return notebookLoader;
    }

    @Override
    protected void installExtension(Extension ext) {
        installing.add(ext);
        super.installExtension(ext);
    }

    /** Which extensions are installed, by class name, as BaseKernel keeps them. */
    List<String> installedExtensions() {
        return List.copyOf(extensions.keySet());
    }

    @Override
    public void display(DisplayData data) {
        shown.add(data);
    }

    @Override
    public @Nullable DisplayData inspect(String code, int at, boolean extraDetail) {
        return null;
    }

    @Override
    public @Nullable ReplacementOptions complete(String code, int at) {
        return null;
    }

    @Override
    public String isComplete(String code) {
        return IS_COMPLETE_MAYBE;
    }

    @Override
    public void close() {
        onShutdown(false);
        shell.close();
    }

    /** jjava-jupyter's builder, as JavaKernel.Builder extends it. */
    static final class Builder extends BaseKernelBuilder<Builder, TestJJavaKernel> {
        private final String jjavaClasspath;

        Builder(String jjavaClasspath) {
            this.jjavaClasspath = jjavaClasspath;
        }

        @Override
        public TestJJavaKernel build() {
            // the pattern JavaKernelBuilder gives its parser: % at a line's start or after '='
            MagicParser parser = new MagicParser("(?<=(?:^|=))\\s*%", "%%", buildMagicTranspiler());
            String classpath = System.getProperty("java.class.path")
                    + (jjavaClasspath.isEmpty() ? "" : java.io.File.pathSeparator + jjavaClasspath);
            return new TestJJavaKernel(this, parser, new SnippetShell(classpath));
        }

        String name() {
            return buildName();
        }

        org.dflib.jjava.jupyter.kernel.history.HistoryManager history() {
            return buildHistoryManager();
        }

        org.dflib.jjava.jupyter.kernel.JupyterIO io() {
            return buildJupyterIO(buildJupyterIOEncoding());
        }

        org.dflib.jjava.jupyter.kernel.comm.CommManager comms() {
            return buildCommManager();
        }

        org.dflib.jjava.jupyter.kernel.display.Renderer renderer() {
            return buildRenderer();
        }

        org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry registry() {
            return buildMagicsRegistry();
        }

        org.dflib.jjava.jupyter.kernel.util.StringStyler styler() {
            return buildErrorStyler();
        }
    }
}
