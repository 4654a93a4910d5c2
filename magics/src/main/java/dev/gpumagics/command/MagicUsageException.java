package dev.gpumagics.command;

/**
 * Bad input to a magic. Its message is the whole answer, one line saying what is wrong and what to
 * do, so it carries no stack trace: kernels that print one print nothing more than the line.
 */
public final class MagicUsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MagicUsageException(String message) {
        super(message, null, false, false);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
