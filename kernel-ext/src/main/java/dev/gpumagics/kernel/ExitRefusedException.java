package dev.gpumagics.kernel;

/**
 * A cell called {@code System.exit}, {@code Runtime.exit} or {@code Runtime.halt}, which would end the
 * kernel and lose every variable. A {@link SecurityException}, as Java's own refusal of an exit is, so code
 * written to survive one survives this.
 */
public final class ExitRefusedException extends SecurityException {
    private static final long serialVersionUID = 1L;

    ExitRefusedException(String call) {
        super(call + " was not run: it would end the kernel and lose every variable."
                + " To start afresh on purpose, restart the kernel from Jupyter (Kernel > Restart).");
    }
}
