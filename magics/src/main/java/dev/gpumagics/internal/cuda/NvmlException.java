package dev.gpumagics.internal.cuda;

/** An NVML call that answered with an error status. */
final class NvmlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NvmlException(String function, int status, String message) {
        super(function + " failed: " + message + " (NVML status " + status + ")");
    }
}
