package dev.gpumagics.jupyter.server;

import dev.gpumagics.jupyter.wire.Decoded;
import java.util.EnumMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Counts the messages dropped unread. The first of each kind is one WARNING line, the rest FINE: a
 * flood of garbage on a port must not flood the kernel's log.
 */
final class DropLog {

    private static final Logger LOG = Logger.getLogger("dev.gpumagics.jupyter");

    private final Map<Decoded.Reason, Long> counts = new EnumMap<>(Decoded.Reason.class);

    synchronized void note(String channel, Decoded.Refused refused) {
        long seen = counts.merge(refused.reason(), 1L, Long::sum);
        Level level = seen == 1 ? Level.WARNING : Level.FINE;
        if (LOG.isLoggable(level)) {
            LOG.log(level, channel + ": dropped a message with " + refused.reason().words()
                    + (refused.detail().isEmpty() ? "" : " (" + refused.detail() + ")")
                    + (seen == 1 ? "; further ones are logged at FINE" : " (" + seen + " so far)"));
        }
    }

    synchronized long count(Decoded.Reason reason) {
        return counts.getOrDefault(reason, 0L);
    }
}
