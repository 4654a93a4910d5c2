package dev.gpumagics.command;

/**
 * A magic's answer when it cannot do what was asked (bad input, or a library that failed under it).
 * Its message is the whole answer, one line saying what is wrong and what to do, so it carries no
 * stack trace: kernels that print one print nothing more than the line.
 */
public final class MagicUsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MagicUsageException(String message) {
        super(message, null, false, false);
    }

    @Override
    public String toString() {
        return String.valueOf(getMessage());
    }
}
