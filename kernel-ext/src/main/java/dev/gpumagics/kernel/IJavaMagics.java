package dev.gpumagics.kernel;

import dev.gpumagics.vars.Binding;
import dev.gpumagics.vars.NotebookVariables;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import jdk.jshell.JShell;
import org.jspecify.annotations.Nullable;

/**
 * The GPU magics inside IJava 1.3.0 (the add-on's startup script calls {@link #register}). IJava is not
 * on Maven Central, so it is reached by reflection: {@code getMagics()}, {@code evalRaw(String)}, and
 * its JShell for the list of variables. A variable's value is read by evaluating its bare name, which
 * JShell does without making a {@code $N} temporary; clearing one is an assignment, likewise.
 */
public final class IJavaMagics {

    private IJavaMagics() {}

    public static void register(Object ijavaKernel, ClassLoader notebookClasses) throws ReflectiveOperationException {
        Magics magics = (Magics) ijavaKernel.getClass().getMethod("getMagics").invoke(ijavaKernel);
        BaseKernel kernel = (BaseKernel) ijavaKernel;
        MagicRegistry.registerAll(magics, kernel::display, new Variables(ijavaKernel), () -> notebookClasses);
    }

    /** Hands a value to an assignment that evalRaw runs, since source text cannot carry an object. */
    public static final class Handoff {
        private static @Nullable Object value;

        private Handoff() {}

        public static synchronized @Nullable Object take() {
            Object taken = value;
            value = null;
            return taken;
        }

        static synchronized void put(@Nullable Object v) {
            value = v;
        }
    }

    private static final class Variables implements NotebookVariables {
        private final Object kernel;

        Variables(Object kernel) {
            this.kernel = kernel;
        }

        @Override
        public List<Binding> bindings() {
            List<Binding> bindings = new ArrayList<>();
            shell().variables().forEach(v -> {
                try {
                    bindings.add(new Binding(v.name(), v.typeName(), evalRaw(v.name())));
                } catch (Exception e) {
                    // a variable that cannot be read now (not initialized) has nothing to report
                }
            });
            return bindings;
        }

        @Override
        public void set(String name, @Nullable Object value) {
            if (shell().variables().noneMatch(v -> v.name().equals(name))) {
                throw new IllegalArgumentException("no notebook variable named " + name);
            }
            try {
                if (value == null) {
                    evalRaw(name + " = null");
                } else {
                    Handoff.put(value);
                    String type = shell().variables().filter(v -> v.name().equals(name))
                            .reduce((a, b) -> b).orElseThrow().typeName();
                    evalRaw(name + " = (" + type + ") dev.gpumagics.kernel.IJavaMagics.Handoff.take()");
                }
            } catch (Exception e) {
                throw new IllegalArgumentException("cannot set " + name + ": " + e.getMessage(), e);
            }
        }

        private @Nullable Object evalRaw(String code) throws Exception {
            return kernel.getClass().getMethod("evalRaw", String.class).invoke(kernel, code);
        }

        /** IJava keeps its JShell in its CodeEvaluator, the kernel's {@code evaluator} field. */
        private JShell shell() {
            try {
                Field field = kernel.getClass().getDeclaredField("evaluator");
                field.setAccessible(true);
                Object evaluator = field.get(kernel);
                return (JShell) evaluator.getClass().getMethod("getShell").invoke(evaluator);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("this IJava has no evaluator with a JShell: " + e);
            }
        }
    }
}
