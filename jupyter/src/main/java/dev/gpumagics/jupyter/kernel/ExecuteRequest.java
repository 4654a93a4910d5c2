package dev.gpumagics.jupyter.kernel;

/**
 * An execute_request as a kernel sees it.
 *
 * @param executionCount the number this cell is shown with
 * @param allowStdin whether the frontend answers input requests
 */
public record ExecuteRequest(String code, boolean silent, boolean storeHistory, boolean allowStdin,
        boolean stopOnError, int executionCount) {}
