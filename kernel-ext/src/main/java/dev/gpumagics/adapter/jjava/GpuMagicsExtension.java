package dev.gpumagics.adapter.jjava;

import dev.gpumagics.adapter.jshell.SnippetFieldVariables;
import dev.gpumagics.adapter.jshell.SnippetMagics;
import dev.gpumagics.command.GpuMagic;
import dev.gpumagics.command.GpuMagics;
import dev.gpumagics.command.MimeBundle;
import dev.gpumagics.command.Notebook;
import dev.gpumagics.courtesy.AddOnPresence;
import dev.gpumagics.vars.NotebookVariables;
import java.util.Map;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;

/**
 * The GPU magics in JJava. JJava finds this through {@code META-INF/services/org.dflib.jjava.jupyter.Extension}
 * when it starts (the jar on {@code JJAVA_CLASSPATH}) and whenever {@code %maven}, {@code %jars} or
 * {@code %classpath} add jars, and installs it once. JJava throws a magic's return value away, as IJava
 * does, so each magic shows its answer through {@link BaseKernel#display}.
 */
public final class GpuMagicsExtension implements Extension {

    @Override
    public void install(BaseKernel kernel) {
        // JJava loads extensions through its JShell class loader, the one %maven adds to: the notebook's torch is there
        ClassLoader notebookClasses = GpuMagicsExtension.class.getClassLoader();
        JJavaShell shell = new JJavaShell(kernel);
        Notebook notebook = notebook(kernel, new SnippetFieldVariables(shell::jshell, kernel::evalRaw));
        for (GpuMagic magic : GpuMagics.forNotebook(() -> notebookClasses)) {
            LineMagic<Void, BaseKernel> line = (k, args) -> {
                SnippetMagics.call(magic, args, notebook);
                return null;
            };
            kernel.getMagicsRegistry().registerLineMagic(magic.name(), line);
        }
        AddOnPresence.start("JJava", shell::jshell, () -> notebookClasses);
    }

    private static Notebook notebook(BaseKernel kernel, NotebookVariables variables) {
        return new Notebook() {
            @Override
            public void show(MimeBundle bundle) {
                kernel.display(displayData(bundle));
            }

            @Override
            public NotebookVariables variables() {
                return variables;
            }
        };
    }

    /** JJava's bundle: text/plain as its constructor takes it, then the others in order. */
    static DisplayData displayData(MimeBundle bundle) {
        DisplayData data = new DisplayData(bundle.text());
        for (Map.Entry<String, Object> entry : bundle.data().entrySet()) {
            if (!entry.getKey().equals(MimeBundle.TEXT)) {
                data.putData(entry.getKey(), entry.getValue());
            }
        }
        return data;
    }
}
