package dev.gpumagics.adapter.jshell;

/**
 * A magic's refusal (bad input, no driver) where the magic runs inside a snippet. IJava and JJava call
 * magics through a static {@code lineMagic} that wraps every {@link Exception} in a RuntimeException
 * ("Exception occurred while running line magic ...") whose trace they then print. This is an
 * {@link Error}, so it passes that wrapper as it is; it carries no stack trace, so the cell fails with
 * the one line and nothing else, and Run All stops there.
 */
public final class MagicRefused extends Error {
    private static final long serialVersionUID = 1L;

    public MagicRefused(String line) {
        super(line, null, false, false);
    }
}
