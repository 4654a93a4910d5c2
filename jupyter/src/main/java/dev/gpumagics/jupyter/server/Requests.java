package dev.gpumagics.jupyter.server;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.gpumagics.jupyter.kernel.Completeness;
import dev.gpumagics.jupyter.kernel.Completion;
import dev.gpumagics.jupyter.kernel.Failure;
import dev.gpumagics.jupyter.kernel.KernelInfo;
import dev.gpumagics.jupyter.kernel.LanguageKernel;
import dev.gpumagics.jupyter.kernel.MimeBundle;
import dev.gpumagics.jupyter.wire.Message;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * What each shell and control request gets. Every shell request is framed by busy and idle statuses,
 * and whatever goes wrong while serving it (bad content, a kernel that throws an Error) ends in an
 * error reply of the request's own reply type: the client is never left waiting.
 */
final class Requests {

    private static final Logger LOG = Logger.getLogger("dev.gpumagics.jupyter");
    /** A traceback the kernel did not write itself keeps this many frames. */
    static final int FRAMES = 30;
    private static final Duration CONTROL_STATUS_WAIT = Duration.ofSeconds(1);

    interface Shutdown {
        void shutdown(boolean restart);
    }

    private final LanguageKernel kernel;
    private final Envelopes envelopes;
    private final CellStreams streams;
    private final IoPub iopub;
    private final ExecuteHandler execute;
    private final History history;
    private final Runnable interrupt;
    private final Shutdown shutdown;
    private boolean started;

    Requests(LanguageKernel kernel, Envelopes envelopes, CellStreams streams, IoPub iopub, ExecuteHandler execute, History history,
            Runnable interrupt, Shutdown shutdown) {
        this.kernel = kernel;
        this.envelopes = envelopes;
        this.streams = streams;
        this.iopub = iopub;
        this.execute = execute;
        this.history = history;
        this.interrupt = interrupt;
        this.shutdown = shutdown;
    }

    void onShell(RequestLoop channel, Message request) {
        if (!started) {
            // the client is surely subscribed once it sends a request; it may not be when the sockets are bound
            started = true;
            streams.publish(status(new JsonObject(), "starting"));
        }
        streams.publish(status(request.header(), "busy"));
        try {
            serve(channel, request, false);
        } finally {
            streams.publish(status(request.header(), "idle"));
        }
    }

    void onControl(RequestLoop channel, Message request) {
        iopub.offer(status(request.header(), "busy"), CONTROL_STATUS_WAIT);
        try {
            serve(channel, request, true);
        } finally {
            iopub.offer(status(request.header(), "idle"), CONTROL_STATUS_WAIT);
        }
    }

    private void serve(RequestLoop channel, Message request, boolean control) {
        String type = request.type();
        try {
            switch (type) {
                case "kernel_info_request" -> channel.send(envelopes.reply(request, "kernel_info_reply", kernelInfo()));
                case "execute_request" -> {
                    if (control) {
                        throw new RequestContent.Invalid("execute_request goes to the shell channel, not control");
                    }
                    if (channel.aborting()) {
                        // what ipykernel does for an execute_request queued behind a failed one: status aborted, nothing run
                        channel.send(envelopes.reply(request, "execute_reply", aborted()));
                    } else {
                        execute.handle(channel, request);
                    }
                }
                case "complete_request" -> channel.send(envelopes.reply(request, "complete_reply", complete(new RequestContent(request))));
                case "inspect_request" -> channel.send(envelopes.reply(request, "inspect_reply", inspect(new RequestContent(request))));
                case "is_complete_request" -> channel.send(envelopes.reply(request, "is_complete_reply", isComplete(new RequestContent(request))));
                case "history_request" -> channel.send(envelopes.reply(request, "history_reply", ok("history", history(new RequestContent(request)))));
                case "comm_info_request" -> channel.send(envelopes.reply(request, "comm_info_reply", ok("comms", new JsonObject())));
                case "comm_open" -> refuseComm(request);
                case "comm_msg", "comm_close" -> {
                    // no comm is ever opened here
                }
                case "interrupt_request" -> {
                    interrupt.run();
                    channel.send(envelopes.reply(request, "interrupt_reply", ok()));
                }
                case "shutdown_request" -> shutdown(channel, request);
                case "usage_request" -> kernel.usage().ifPresentOrElse(usage -> channel.send(envelopes.reply(request, "usage_reply", usage.content())),
                        () -> LOG.fine(() -> channel.name() + ": this kernel does not say its usage"));
                default -> LOG.fine(() -> channel.name() + ": no handler for " + type);
            }
        } catch (RequestContent.Invalid invalid) {
            channel.send(envelopes.reply(request, Envelopes.replyType(type), error(Failure.ofLine("InvalidRequest", invalid.reason()))));
        } catch (Throwable failure) {
            channel.send(envelopes.reply(request, Envelopes.replyType(type), error(Failure.ofThrowable(failure, FRAMES))));
        }
    }

    private JsonObject kernelInfo() {
        KernelInfo info = kernel.info();
        JsonObject language = new JsonObject();
        language.addProperty("name", info.language());
        language.addProperty("version", info.languageVersion());
        language.addProperty("mimetype", info.mimetype());
        language.addProperty("file_extension", info.fileExtension());
        language.addProperty("pygments_lexer", info.pygmentsLexer());
        language.addProperty("codemirror_mode", info.codemirrorMode());
        JsonObject content = ok();
        content.addProperty("protocol_version", Message.PROTOCOL_VERSION);
        content.addProperty("implementation", info.implementation());
        content.addProperty("implementation_version", info.implementationVersion());
        content.add("language_info", language);
        content.addProperty("banner", info.banner());
        content.add("help_links", new JsonArray());
        content.addProperty("debugger", false);
        return content;
    }

    /** What ipykernel answers a history_request with: tail, range or search; any other access type gets an empty history. */
    private JsonArray history(RequestContent content) {
        boolean output = content.flag("output", false);
        return switch (content.text("hist_access_type").orElse("")) {
            case "tail" -> history.tail(content.integer("n").orElse(10), output);
            case "range" -> history.range(content.integer("session").orElse(0), content.integer("start").orElse(0),
                    optional(content.integer("stop")), output);
            case "search" -> history.search(content.text("pattern").orElse("*"), optional(content.integer("n")),
                    content.flag("unique", false), output);
            default -> new JsonArray();
        };
    }

    private static java.util.OptionalInt optional(Optional<Integer> value) {
        return value.map(java.util.OptionalInt::of).orElseGet(java.util.OptionalInt::empty);
    }

    private JsonObject complete(RequestContent content) throws RequestContent.Invalid {
        String code = content.requiredText("code");
        int cursor = CodePoints.toCharIndex(code, content.integer("cursor_pos").orElse(Integer.MAX_VALUE));
        Completion completion = kernel.complete(code, cursor);
        JsonArray matches = new JsonArray();
        completion.matches().forEach(matches::add);
        JsonObject reply = ok();
        reply.add("matches", matches);
        reply.addProperty("cursor_start", CodePoints.toCodePoints(code, completion.start()));
        reply.addProperty("cursor_end", CodePoints.toCodePoints(code, completion.end()));
        reply.add("metadata", new JsonObject());
        return reply;
    }

    private JsonObject inspect(RequestContent content) throws RequestContent.Invalid {
        String code = content.requiredText("code");
        int cursor = CodePoints.toCharIndex(code, content.integer("cursor_pos").orElse(Integer.MAX_VALUE));
        int detail = content.integer("detail_level").orElse(0);
        Optional<MimeBundle> found = kernel.inspect(code, cursor, detail);
        JsonObject reply = ok();
        reply.addProperty("found", found.isPresent());
        reply.add("data", found.map(MimeBundle::data).orElseGet(JsonObject::new));
        reply.add("metadata", found.map(MimeBundle::metadata).orElseGet(JsonObject::new));
        return reply;
    }

    private JsonObject isComplete(RequestContent content) throws RequestContent.Invalid {
        Completeness completeness = kernel.isComplete(content.requiredText("code"));
        JsonObject reply = new JsonObject();
        reply.addProperty("status", completeness.status().wire());
        if (completeness.status() == Completeness.Status.INCOMPLETE) {
            reply.addProperty("indent", completeness.indent());
        }
        return reply;
    }

    /** No comm target is registered here: a comm a client opens is closed at once, as ipykernel does for an unknown target. */
    private void refuseComm(Message request) {
        JsonObject close = new JsonObject();
        JsonElement id = request.contentObject().get("comm_id");
        if (id != null) {
            close.add("comm_id", id);
        }
        close.add("data", new JsonObject());
        streams.publish(envelopes.publish(request.header(), "comm_close", close));
    }

    private void shutdown(RequestLoop channel, Message request) {
        boolean restart = request.contentObject().get("restart") instanceof JsonPrimitive p
                && p.isBoolean() && p.getAsBoolean();
        kernel.interrupt(); // a busy cell must not keep the process alive once its client said goodbye
        JsonObject reply = ok();
        reply.addProperty("restart", restart);
        channel.send(envelopes.reply(request, "shutdown_reply", reply));
        iopub.offer(envelopes.publish(request.header(), "shutdown_reply", reply), CONTROL_STATUS_WAIT);
        shutdown.shutdown(restart);
    }

    private Message status(JsonObject parent, String state) {
        JsonObject content = new JsonObject();
        content.addProperty("execution_state", state);
        return envelopes.publish(parent, "status", content);
    }

    static JsonObject ok() {
        JsonObject content = new JsonObject();
        content.addProperty("status", "ok");
        return content;
    }

    private static JsonObject aborted() {
        JsonObject content = new JsonObject();
        content.addProperty("status", "aborted");
        return content;
    }

    private static JsonObject ok(String name, JsonElement value) {
        JsonObject content = ok();
        content.add(name, value);
        return content;
    }

    static JsonObject error(Failure failure) {
        JsonObject content = new JsonObject();
        content.addProperty("status", "error");
        content.addProperty("ename", failure.ename());
        content.addProperty("evalue", failure.evalue());
        JsonArray traceback = new JsonArray();
        failure.traceback().forEach(traceback::add);
        content.add("traceback", traceback);
        return content;
    }
}
