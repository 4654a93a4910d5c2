package dev.gpumagics.adapter.jshell;

import org.jspecify.annotations.Nullable;

/**
 * Carries one object between GpuMagics and a snippet it has the kernel evaluate, since source text
 * cannot carry an object. Snippets name it by its full name, so nothing is imported into the notebook.
 */
public final class Handoff {

    private static @Nullable Object value;

    private Handoff() {}

    /** Called by the snippet (or by GpuMagics before it): leaves {@code v} for the other side. */
    public static synchronized void put(@Nullable Object v) {
        value = v;
    }

    /** Takes what was left, leaving nothing behind to keep it alive. */
    public static synchronized @Nullable Object take() {
        Object taken = value;
        value = null;
        return taken;
    }
}
