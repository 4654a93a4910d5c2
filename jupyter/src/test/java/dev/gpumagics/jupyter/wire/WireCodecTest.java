package dev.gpumagics.jupyter.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCodecTest {

    private static final byte[] IDENTITY = "client-1".getBytes(StandardCharsets.UTF_8);

    private static WireCodec codec(String key) throws Exception {
        return new WireCodec(Signer.of("hmac-sha256", key), new ReplayGuard(16));
    }

    private static Message request(String type, JsonObject content) {
        return new Message(List.of(IDENTITY), Message.header(type, "session-1", "tester"), new JsonObject(),
                new JsonObject(), content, List.of());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Decoded.Reason refusal(Decoded decoded) {
        return assertInstanceOf(Decoded.Refused.class, decoded).reason();
    }

    @Test
    void aMessageSurvivesItsEncodingWithIdentitiesAndBuffers() throws Exception {
        JsonObject content = new JsonObject();
        content.addProperty("code", "1 + 1 // ünïcode \uD83D\uDE00");
        Message sent = new Message(List.of(IDENTITY, utf8("second")), Message.header("execute_request", "s", "u"),
                new JsonObject(), new JsonObject(), content, List.of(new byte[] {0, 1, 2}));
        List<byte[]> frames = codec("key").encode(sent);
        assertArrayEquals(WireCodec.DELIMITER, frames.get(2), "identities come first, then the delimiter");

        Message received = assertInstanceOf(Decoded.Accepted.class, codec("key").decode(frames)).message();
        assertEquals("execute_request", received.type());
        assertEquals(sent.id(), received.id());
        assertEquals(content, received.content());
        assertEquals(2, received.identities().size());
        assertArrayEquals(utf8("second"), received.identities().get(1));
        assertArrayEquals(new byte[] {0, 1, 2}, received.buffers().get(0));
    }

    @Test
    void theSignatureIsTheHexHmacOfTheFourJsonPartsAsJupyterComputesIt() throws Exception {
        // jupyter_client's Session.sign: one HMAC updated with each part in turn, as hex (KernelIT talks to it for real)
        byte[] signature = Signer.of("hmac-sha256", "secret").sign(utf8("{\"a\":1}"), utf8("{}"), utf8("{}"), utf8("{\"b\":2}"));
        assertEquals(expectedHmac(), new String(signature, StandardCharsets.US_ASCII));
    }

    /** Computed with the JDK's own Mac over the concatenation: the frames are signed as one stream. */
    private static String expectedHmac() throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(utf8("secret"), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(utf8("{\"a\":1}{}{}{\"b\":2}")));
    }

    @Test
    void aWrongKeyOrATamperedPartIsRefused() throws Exception {
        List<byte[]> frames = codec("other-key").encode(request("execute_request", new JsonObject()));
        assertEquals(Decoded.Reason.BAD_SIGNATURE, refusal(codec("key").decode(frames)));

        List<byte[]> tampered = new ArrayList<>(codec("key").encode(request("execute_request", new JsonObject())));
        tampered.set(tampered.size() - 1, utf8("{\"code\":\"System.exit(0)\"}"));
        assertEquals(Decoded.Reason.BAD_SIGNATURE, refusal(codec("key").decode(tampered)));
    }

    @Test
    void aSignatureInUpperCaseHexStillVerifies() throws Exception {
        List<byte[]> frames = new ArrayList<>(codec("key").encode(request("kernel_info_request", new JsonObject())));
        frames.set(2, new String(frames.get(2), StandardCharsets.US_ASCII).toUpperCase().getBytes(StandardCharsets.US_ASCII));
        assertInstanceOf(Decoded.Accepted.class, codec("key").decode(frames));
    }

    @Test
    void aReplayedMessageIsRefusedTheSecondTime() throws Exception {
        WireCodec codec = codec("key");
        List<byte[]> frames = codec.encode(request("execute_request", new JsonObject()));
        assertInstanceOf(Decoded.Accepted.class, codec.decode(frames));
        assertEquals(Decoded.Reason.REPLAYED, refusal(codec.decode(frames)));
    }

    @Test
    void withoutAKeyNothingIsSignedAndEverythingIsAccepted() throws Exception {
        WireCodec codec = codec("");
        List<byte[]> frames = codec.encode(request("kernel_info_request", new JsonObject()));
        assertEquals(0, frames.get(2).length, "an empty signature frame");
        assertInstanceOf(Decoded.Accepted.class, codec.decode(frames));
        assertInstanceOf(Decoded.Accepted.class, codec.decode(frames), "no signature, so no replay to tell");
    }

    @Test
    void shortOrGarbledMessagesAreRefusedWhole() throws Exception {
        WireCodec codec = codec("key");
        assertEquals(Decoded.Reason.NO_DELIMITER, refusal(codec.decode(List.of(utf8("garbage")))));
        assertEquals(Decoded.Reason.NO_DELIMITER, refusal(codec.decode(List.of())));
        assertEquals(Decoded.Reason.TOO_FEW_FRAMES, refusal(codec.decode(List.of(IDENTITY, WireCodec.DELIMITER))));
        assertEquals(Decoded.Reason.TOO_FEW_FRAMES,
                refusal(codec.decode(List.of(IDENTITY, WireCodec.DELIMITER, utf8("sig"), utf8("{}")))));
    }

    @Test
    void partsMustBeStrictJsonAndTheHeaderNeedsAType() throws Exception {
        Signer signer = Signer.of("hmac-sha256", "key");
        WireCodec codec = new WireCodec(signer, new ReplayGuard(16));
        assertEquals(Decoded.Reason.BAD_JSON, refusal(codec.decode(signed(signer, "{\"msg_type\":\"x\"}", "garbage"))));
        assertEquals(Decoded.Reason.BAD_JSON, refusal(codec.decode(signed(signer, "{\"msg_type\":\"x\"}", "{} {}"))));
        assertEquals(Decoded.Reason.BAD_HEADER, refusal(codec.decode(signed(signer, "{\"msg_id\":\"1\"}", "{}"))));
        assertEquals(Decoded.Reason.BAD_HEADER, refusal(codec.decode(signed(signer, "[]", "{}"))));
        assertEquals(Decoded.Reason.BAD_JSON, refusal(codec.decode(signed(signer, "{\"msg_type\":\"x\"}", "[".repeat(100_000)))));
    }

    @Test
    void nullContentIsKeptForTheRequestToRefuse() throws Exception {
        Signer signer = Signer.of("hmac-sha256", "key");
        Message message = assertInstanceOf(Decoded.Accepted.class,
                new WireCodec(signer, new ReplayGuard(16)).decode(signed(signer, "{\"msg_type\":\"execute_request\"}", "null"))).message();
        assertEquals(JsonNull.INSTANCE, message.content());
        assertEquals(new JsonObject(), message.contentObject());
    }

    private static List<byte[]> signed(Signer signer, String header, String content) {
        byte[] h = utf8(header);
        byte[] c = utf8(content);
        return List.of(IDENTITY, WireCodec.DELIMITER, signer.sign(h, utf8("{}"), utf8("{}"), c), h, utf8("{}"), utf8("{}"), c);
    }

    @Test
    void headerDatesAreIsoWithMicroseconds() {
        JsonObject header = Message.header("status", "s", "u");
        assertTrue(header.get("date").getAsString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"), header.toString());
        assertEquals("2026-12-01T21:34:47.123456Z", IsoTime.of(java.time.Instant.parse("2026-12-01T21:34:47.123456789Z")));
        assertEquals("5.3", header.get("version").getAsString());
    }
}
