package dev.gpumagics.jupyter.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * Refuses a signature it has seen before, as ipykernel does: a signed message captured on the wire
 * cannot be sent again. Memory is bounded: the oldest of {@code capacity} remembered signatures is
 * forgotten first (ipykernel keeps 2^16 too). A signature is remembered as 128 bits, its 256 folded in half.
 */
public final class ReplayGuard {

    /** As many as ipykernel keeps; about 5 MB when full. */
    public static final int DEFAULT_CAPACITY = 1 << 16;

    private record Seen(long high, long low) {}

    private final int capacity;
    private final LinkedHashSet<Seen> seen = new LinkedHashSet<>();

    public ReplayGuard(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
    }

    /** True the first time a signature comes (and remembers it); false for a replay. */
    public synchronized boolean firstTime(byte[] signature) {
        Seen key = key(signature);
        if (!seen.add(key)) {
            return false;
        }
        if (seen.size() > capacity) {
            Iterator<Seen> oldest = seen.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    synchronized int size() {
        return seen.size();
    }

    private static Seen key(byte[] signature) {
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(new String(signature, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            bytes = signature; // not hex: it never verified, but keep the guard total
        }
        ByteBuffer buffer = ByteBuffer.allocate(32);
        buffer.put(bytes, 0, Math.min(32, bytes.length));
        return new Seen(buffer.getLong(0) ^ buffer.getLong(16), buffer.getLong(8) ^ buffer.getLong(24));
    }
}
