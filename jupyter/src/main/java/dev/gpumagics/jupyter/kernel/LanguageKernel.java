package dev.gpumagics.jupyter.kernel;

import java.util.Optional;

/**
 * What a language kernel implements; {@link dev.gpumagics.jupyter.server.KernelServer} does the rest
 * (sockets, statuses, replies, output). Every method is called on one thread at a time, except
 * {@link #interrupt()}, which comes from the control thread while a request runs. Anything a method
 * throws, {@link Error}s included, becomes an error reply: the server goes on answering.
 */
public interface LanguageKernel {

    KernelInfo info();

    /** Runs a cell. Its output goes to {@code System.out}/{@code err} and {@code output}. */
    ExecuteOutcome execute(ExecuteRequest request, CellOutput output);

    /**
     * One of an execute_request's {@code user_expressions}, evaluated after its cell ran without error: the value as
     * it would be shown, or the error evaluating it. It must leave the notebook as it was: no new variable, no
     * history.
     */
    ExecuteOutcome evaluate(String expression);

    /** @param cursor a char index into {@code code}, already clamped to it */
    Completion complete(String code, int cursor);

    /** @param cursor a char index into {@code code}, already clamped to it */
    Optional<MimeBundle> inspect(String code, int cursor, int detailLevel);

    Completeness isComplete(String code);

    /** Stops the running request, if any. Called from another thread. */
    void interrupt();

    /** The process is about to end. */
    void shutdown(boolean restart);

    /**
     * What the process uses now, for a {@code usage_request} (on the control channel, so while a cell runs too: it must
     * not wait for the cell); empty, and the request goes unanswered as before, where the kernel does not say.
     */
    default Optional<UsageReply> usage() {
        return Optional.empty();
    }
}
