package dev.gpumagics.jupyter.server;

import java.time.Duration;

/**
 * How printed text is batched into stream messages, and how much one request may print.
 *
 * @param batchBytes a stream message is sent once this much text is waiting
 * @param flushInterval and at the latest this long after the first byte of it was written
 * @param requestBytes what one request may print in all; beyond it, one note says how much was left out
 */
public record OutputLimits(int batchBytes, Duration flushInterval, long requestBytes) {

    /**
     * 64 KiB batches turn 50,000 {@code println}s of 100 characters into about 80 messages (one message
     * per line overruns a client's queues); 50 ms keeps a progress line prompt; 256 MiB
     * is far past what a notebook page can show and bounds what a runaway loop makes clients store.
     */
    public static final OutputLimits DEFAULT = new OutputLimits(64 * 1024, Duration.ofMillis(50), 256L * 1024 * 1024);

    public OutputLimits {
        if (batchBytes < 1 || requestBytes < 0 || flushInterval.isNegative()) {
            throw new IllegalArgumentException("output limits " + batchBytes + ", " + flushInterval + ", " + requestBytes);
        }
    }
}
