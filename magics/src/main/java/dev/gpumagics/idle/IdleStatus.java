package dev.gpumagics.idle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the idle courtesy stands, for {@code %gpuidle}.
 *
 * @param quietSince when the process last worked (a cell's end, or the last busy look); empty while a cell runs
 * @param sinceLastCell what it did since the last cell ended
 * @param last what the last cell's start reported, if anything
 * @param look how often it looks at the process
 * @param suspendUnavailable why the suspend step can park nothing here, where that is known without trying
 */
public record IdleStatus(IdlePolicy policy, Optional<Instant> quietSince, List<IdleEvent> sinceLastCell, Optional<WhileIdle> last,
        Measures measures, Duration look, Optional<String> suspendUnavailable) {

    public IdleStatus {
        sinceLastCell = List.copyOf(sinceLastCell);
    }
}
