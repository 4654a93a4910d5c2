package dev.gpumagics.kernel;

import java.util.Objects;

/**
 * What the notebook's own classes call instead of {@code System.exit}, {@code Runtime.exit} and
 * {@code Runtime.halt} ({@link ExitCallRewriter} points them here): each refuses. Public because the
 * snippet classes, in the notebook's class loader, call these methods.
 */
public final class CellExits {

    private CellExits() {}

    /** In place of {@code System.exit(status)}. */
    public static void systemExit(int status) {
        throw new ExitRefusedException("System.exit(" + status + ")");
    }

    /** In place of {@code runtime.exit(status)}; the receiver stays checked, as the call it replaces did. */
    public static void runtimeExit(Runtime runtime, int status) {
        Objects.requireNonNull(runtime);
        throw new ExitRefusedException("Runtime.exit(" + status + ")");
    }

    /** In place of {@code runtime.halt(status)}. */
    public static void runtimeHalt(Runtime runtime, int status) {
        Objects.requireNonNull(runtime);
        throw new ExitRefusedException("Runtime.halt(" + status + ")");
    }
}
