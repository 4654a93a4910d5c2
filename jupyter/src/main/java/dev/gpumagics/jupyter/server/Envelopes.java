package dev.gpumagics.jupyter.server;

import com.google.gson.JsonObject;
import dev.gpumagics.jupyter.wire.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** The messages this kernel sends: every one gets a fresh header of this kernel's session. */
final class Envelopes {

    private static final String USERNAME = "kernel";

    private final String session = UUID.randomUUID().toString();

    /** A reply on the socket the request came from, to the client that sent it. */
    Message reply(Message request, String type, JsonObject content) {
        return new Message(request.identities(), Message.header(type, session, USERNAME), request.header(),
                new JsonObject(), content, List.of());
    }

    /** An IOPub message about {@code parentHeader}'s request (empty outside any). */
    Message publish(JsonObject parentHeader, String type, JsonObject content) {
        byte[] topic = ("kernel." + session + "." + type).getBytes(StandardCharsets.UTF_8);
        return new Message(List.of(topic), Message.header(type, session, USERNAME), parentHeader,
                new JsonObject(), content, List.of());
    }

    /** A request of the kernel's own (input_request), to the client that sent {@code cause}. */
    Message ask(Message cause, String type, JsonObject content) {
        return reply(cause, type, content);
    }

    /** {@code x_request} to {@code x_reply}. */
    static String replyType(String requestType) {
        return requestType.endsWith("_request")
                ? requestType.substring(0, requestType.length() - "_request".length()) + "_reply"
                : requestType + "_reply";
    }
}
