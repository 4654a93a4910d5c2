package dev.gpumagics.jupyter.server;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.gpumagics.jupyter.kernel.ExecuteOutcome;
import dev.gpumagics.jupyter.kernel.ExecuteRequest;
import dev.gpumagics.jupyter.kernel.Failure;
import dev.gpumagics.jupyter.kernel.LanguageKernel;
import dev.gpumagics.jupyter.kernel.MimeBundle;
import dev.gpumagics.jupyter.wire.Message;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * execute_request: execute_input, the cell's output, its result or error, then the reply. A cell that
 * throws anything at all, an {@link Error} included, ends in an error reply like any failing cell. The cell's
 * {@link RequestOutput} is closed as the kernel returns: what a thread of the cell shows later goes nowhere.
 */
final class ExecuteHandler {

    private final LanguageKernel kernel;
    private final Envelopes envelopes;
    private final CellStreams streams;
    private final FrontendInput input;
    private final History history;
    private int executionCount;

    ExecuteHandler(LanguageKernel kernel, Envelopes envelopes, CellStreams streams, FrontendInput input, History history) {
        this.kernel = kernel;
        this.envelopes = envelopes;
        this.streams = streams;
        this.input = input;
        this.history = history;
    }

    /**
     * Runs the cell and replies. When it failed, was not silent and asked to stop on error (as ipykernel decides),
     * the execute_requests waiting behind it are aborted: taken off the socket before the reply goes out.
     */
    void handle(RequestLoop channel, Message message) throws RequestContent.Invalid {
        RequestContent content = new RequestContent(message);
        String code = content.requiredText("code");
        boolean silent = content.flag("silent", false);
        boolean storeHistory = !silent && content.flag("store_history", true);
        if (storeHistory) {
            executionCount++;
            history.add(executionCount, code);
        }
        ExecuteRequest request = new ExecuteRequest(code, silent, storeHistory, content.flag("allow_stdin", true),
                content.flag("stop_on_error", true), executionCount);
        streams.begin(message.header());
        if (!silent) {
            JsonObject executeInput = new JsonObject();
            executeInput.addProperty("code", code);
            executeInput.addProperty("execution_count", request.executionCount());
            streams.publish("execute_input", executeInput);
        }
        input.begin(message, request.allowStdin());
        RequestOutput output = new RequestOutput(streams);
        ExecuteOutcome outcome;
        try {
            outcome = kernel.execute(request, output);
        } catch (Throwable thrown) {
            outcome = ExecuteOutcome.failed(Failure.ofThrowable(thrown, Requests.FRAMES));
        } finally {
            output.close();
            input.end();
        }
        streams.end();
        JsonObject reply;
        if (outcome instanceof ExecuteOutcome.Paged paged) {
            reply = Requests.ok();
            reply.add("user_expressions", userExpressions(message.contentObject().get("user_expressions")));
            JsonObject page = new JsonObject();
            page.addProperty("source", "page");
            page.add("data", paged.page().data());
            page.addProperty("start", 0);
            JsonArray payload = new JsonArray();
            payload.add(page);
            reply.add("payload", payload);
        } else if (outcome instanceof ExecuteOutcome.Done done) {
            if (!silent && done.result().isPresent()) {
                JsonObject result = displayContent(done.result().get());
                result.addProperty("execution_count", request.executionCount());
                streams.publish("execute_result", result);
            }
            reply = Requests.ok();
            reply.add("user_expressions", userExpressions(message.contentObject().get("user_expressions")));
            reply.add("payload", new JsonArray());
        } else {
            ExecuteOutcome.Failed failed = (ExecuteOutcome.Failed) outcome;
            Failure failure = failed.failure();
            JsonObject error = Requests.error(failure);
            error.remove("status");
            streams.publish("error", error);
            for (MimeBundle after : failed.after()) {
                streams.publish("display_data", displayContent(after));
            }
            reply = Requests.error(failure);
            reply.add("user_expressions", new JsonObject());
            reply.add("payload", new JsonArray());
        }
        reply.addProperty("execution_count", request.executionCount());
        if (outcome instanceof ExecuteOutcome.Failed && !silent && request.stopOnError()) {
            channel.abortWaiting();
        }
        channel.send(envelopes.reply(message, "execute_reply", reply));
    }

    /**
     * Each expression's value as a MIME bundle with status ok, or the error evaluating it, under its name: what
     * ipykernel answers, after a cell that did not fail (after one that did, none are evaluated and the reply has
     * none).
     */
    private JsonObject userExpressions(@Nullable JsonElement asked) {
        JsonObject answers = new JsonObject();
        if (!(asked instanceof JsonObject expressions)) {
            return answers;
        }
        for (Map.Entry<String, JsonElement> entry : expressions.entrySet()) {
            JsonObject answer;
            if (entry.getValue() instanceof JsonPrimitive code && code.isString()) {
                ExecuteOutcome outcome;
                try {
                    outcome = kernel.evaluate(code.getAsString());
                } catch (Throwable thrown) {
                    outcome = ExecuteOutcome.failed(Failure.ofThrowable(thrown, Requests.FRAMES));
                }
                if (outcome instanceof ExecuteOutcome.Paged paged) {
                    answer = evaluated(paged.page());
                } else if (outcome instanceof ExecuteOutcome.Done done) {
                    answer = evaluated(done.result().orElseGet(() -> MimeBundle.text("")));
                } else {
                    answer = Requests.error(((ExecuteOutcome.Failed) outcome).failure());
                }
            } else {
                answer = Requests.error(Failure.ofLine("InvalidRequest", "user_expressions." + entry.getKey() + " is not a string of code"));
            }
            answers.add(entry.getKey(), answer);
        }
        return answers;
    }

    /** A user expression's value: its bundle and status ok. */
    private static JsonObject evaluated(MimeBundle value) {
        JsonObject answer = displayContent(value);
        answer.remove("transient");
        answer.addProperty("status", "ok");
        return answer;
    }

    private static JsonObject displayContent(MimeBundle bundle) {
        return RequestOutput.content(bundle, null);
    }
}
