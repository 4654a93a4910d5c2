package dev.gpumagics.jupyter.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a message: the hex HMAC of its header, parent header, metadata and content frames,
 * with the connection file's key. An empty key means Jupyter asked for no signatures.
 */
public final class Signer {

    private final Optional<Mac> mac;

    private Signer(Optional<Mac> mac) {
        this.mac = mac;
    }

    /**
     * @param scheme as the connection file names it: {@code hmac-sha256} (also {@code hmac-sha1}, {@code hmac-sha512})
     * @throws GeneralSecurityException when this JVM has no such MAC
     */
    public static Signer of(String scheme, String key) throws GeneralSecurityException {
        if (key.isEmpty()) {
            return new Signer(Optional.empty());
        }
        String lower = scheme.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("hmac-")) {
            throw new GeneralSecurityException("not an HMAC scheme: " + scheme);
        }
        String algorithm = "Hmac" + lower.substring("hmac-".length()).replace("-", "").toUpperCase(Locale.ROOT);
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
        return new Signer(Optional.of(mac));
    }

    /** A signer for a connection without a key: signs nothing, accepts anything. */
    public static Signer unsigned() {
        return new Signer(Optional.empty());
    }

    public boolean signs() {
        return mac.isPresent();
    }

    /** The signature frame: lowercase hex, or empty without a key. */
    public byte[] sign(byte[] header, byte[] parent, byte[] metadata, byte[] content) {
        if (mac.isEmpty()) {
            return new byte[0];
        }
        byte[] digest;
        synchronized (this) {
            Mac m = mac.get();
            m.update(header);
            m.update(parent);
            m.update(metadata);
            m.update(content);
            digest = m.doFinal();
        }
        return HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII);
    }

    /** Compared in constant time, so that timing tells a forger nothing about how much of a guess was right. */
    public boolean verifies(byte[] signature, byte[] header, byte[] parent, byte[] metadata, byte[] content) {
        if (mac.isEmpty()) {
            return true;
        }
        byte[] lower = new String(signature, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(lower, sign(header, parent, metadata, content));
    }
}
