package dev.gpumagics.jupyter.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Frames to messages and back: {@code [identities..., <IDS|MSG>, signature, header, parent_header,
 * metadata, content, buffers...]}. The frames of one ZeroMQ multipart message are decoded on their
 * own: a short or garbled message is refused whole, and the next message starts at its own first
 * frame, so nothing of it is taken by the bad one.
 */
public final class WireCodec {

    public static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final int PARTS = 5; // signature, header, parent, metadata, content

    private final Signer signer;
    private final ReplayGuard replays;

    public WireCodec(Signer signer, ReplayGuard replays) {
        this.signer = signer;
        this.replays = replays;
    }

    public List<byte[]> encode(Message message) {
        byte[] header = utf8(message.header().toString());
        byte[] parent = utf8(message.parentHeader().toString());
        byte[] metadata = utf8(message.metadata().toString());
        byte[] content = utf8(message.content().toString());
        List<byte[]> frames = new ArrayList<>(message.identities().size() + 6 + message.buffers().size());
        frames.addAll(message.identities());
        frames.add(DELIMITER);
        frames.add(signer.sign(header, parent, metadata, content));
        frames.add(header);
        frames.add(parent);
        frames.add(metadata);
        frames.add(content);
        frames.addAll(message.buffers());
        return frames;
    }

    /** All frames of one multipart message, as received. */
    public Decoded decode(List<byte[]> frames) {
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0) {
            return refused(Decoded.Reason.NO_DELIMITER, frames.size() + " frames");
        }
        int after = frames.size() - delimiter - 1;
        if (after < PARTS) {
            return refused(Decoded.Reason.TOO_FEW_FRAMES, after + " of " + PARTS);
        }
        byte[] signature = frames.get(delimiter + 1);
        byte[] header = frames.get(delimiter + 2);
        byte[] parent = frames.get(delimiter + 3);
        byte[] metadata = frames.get(delimiter + 4);
        byte[] content = frames.get(delimiter + 5);
        if (!signer.verifies(signature, header, parent, metadata, content)) {
            return refused(Decoded.Reason.BAD_SIGNATURE, "");
        }
        if (signer.signs() && !replays.firstTime(signature)) {
            return refused(Decoded.Reason.REPLAYED, "");
        }
        JsonElement headerJson;
        JsonElement parentJson;
        JsonElement metadataJson;
        JsonElement contentJson;
        try {
            headerJson = parse(header);
            parentJson = parse(parent);
            metadataJson = parse(metadata);
            contentJson = parse(content);
        } catch (JsonParseException | IllegalStateException e) {
            return refused(Decoded.Reason.BAD_JSON, String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        } catch (StackOverflowError e) {
            return refused(Decoded.Reason.BAD_JSON, "nested too deep");
        }
        if (!headerJson.isJsonObject() || !(headerJson.getAsJsonObject().get("msg_type") instanceof JsonPrimitive type)
                || !type.isString()) {
            return refused(Decoded.Reason.BAD_HEADER, "");
        }
        return new Decoded.Accepted(new Message(
                frames.subList(0, delimiter),
                headerJson.getAsJsonObject(),
                objectOrEmpty(parentJson),
                objectOrEmpty(metadataJson),
                contentJson,
                frames.subList(delimiter + 1 + PARTS, frames.size())));
    }

    private static Decoded refused(Decoded.Reason reason, String detail) {
        return new Decoded.Refused(reason, detail);
    }

    /** Strict JSON, all of the frame: Gson's lenient default would take {@code garbage} for a string. */
    private static JsonElement parse(byte[] frame) {
        JsonReader reader = new JsonReader(new StringReader(new String(frame, StandardCharsets.UTF_8)));
        reader.setStrictness(Strictness.STRICT);
        JsonElement json = JsonParser.parseReader(reader);
        try {
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("text after the JSON value");
            }
        } catch (IOException e) {
            throw new JsonParseException(e);
        }
        return json;
    }

    private static JsonObject objectOrEmpty(JsonElement json) {
        return json.isJsonObject() ? json.getAsJsonObject() : new JsonObject();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
