package dev.gpumagics.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gpumagics.context.ContextOutcome;
import dev.gpumagics.context.Refusal;
import dev.gpumagics.idle.Busy;
import dev.gpumagics.idle.IdleEvent;
import dev.gpumagics.idle.WhileIdle;
import dev.gpumagics.release.GcOutcome;
import dev.gpumagics.release.MemoryLevel;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The line a cell begins with after the kernel was idle, on recorded outcomes in the shape of DESIGN.md's H100 figures. */
class IdleTextTest {

    private static final long GIB = 1L << 30;
    private static final Instant END = Instant.parse("2026-12-07T17:00:00Z");

    private static MemoryLevel level(long rss, long reserved) {
        return new MemoryLevel(OptionalLong.of(rss), List.of(new MemoryLevel.DeviceLevel(0, 4 * GIB, reserved)));
    }

    @Test
    void releasedThenParkedThenResumedIsOneLine() {
        GcOutcome release = new GcOutcome(level(3 * GIB, 12 * GIB), level(3 * GIB, 4 * GIB), true, Duration.ofMillis(300));
        ContextOutcome.Suspended park = new ContextOutcome.Suspended(OptionalLong.of((long) (12.4 * GIB)), OptionalLong.of(0),
                Duration.ofMillis(200), Duration.ofSeconds(3), Duration.ofSeconds(4), true);
        ContextOutcome.Resumed resume = new ContextOutcome.Resumed(OptionalLong.of((long) (12.4 * GIB)), OptionalLong.of((long) (12.4 * GIB)),
                Duration.ofSeconds(4), Duration.ofMillis(10), Duration.ofMillis(4100), Optional.of("a cell was run"));
        WhileIdle told = new WhileIdle(Duration.ofMinutes(192), List.of(new IdleEvent.Released(END.plusSeconds(600), release),
                new IdleEvent.Parked(END.plusSeconds(7200), park)), Optional.of(resume));

        assertEquals("while idle for 3 h 12 min: released 8.00 GiB of libtorch's cache at 17:10, parked 12.4 GiB at 19:00; resumed in 4.10 s",
                IdleText.story(told, ZoneOffset.UTC));
    }

    @Test
    void onTheCpuTheReleaseIsHostMemoryAndWhatKeptAStepBackOrRefusedItIsSaid() {
        GcOutcome cpu = new GcOutcome(MemoryLevel.host(OptionalLong.of(400L << 20)), MemoryLevel.host(OptionalLong.of(336L << 20)), false,
                Duration.ofMillis(200));
        WhileIdle held = new WhileIdle(Duration.ofSeconds(9), List.of(
                new IdleEvent.HeldBack(END, new Busy.ThreadComputing("training-loop", Duration.ofMillis(4900), Duration.ofSeconds(5))),
                new IdleEvent.Released(END.plusSeconds(8), cpu)), Optional.empty());
        assertEquals("while idle for 9.00 s: waited, since thread \"training-loop\" was computing (4.90 s of CPU in 5.00 s),"
                + " released 64.0 MiB of host memory at 17:00", IdleText.story(held, ZoneOffset.UTC));

        WhileIdle refused = new WhileIdle(Duration.ofSeconds(5), List.of(new IdleEvent.NotParked(END,
                new ContextOutcome.Refused(new Refusal.AlreadySuspended(END)))), Optional.empty());
        assertEquals("while idle for 5.00 s: could not park at 17:00: " + ContextText.reason(new ContextOutcome.Refused(new Refusal.AlreadySuspended(END))),
                IdleText.story(refused, ZoneOffset.UTC));

        WhileIdle busy = new WhileIdle(Duration.ofSeconds(30), List.of(new IdleEvent.HeldBack(END, new Busy.GpuComputing(1, 87))), Optional.empty());
        assertEquals("while idle for 30.0 s: gave nothing back, since this kernel kept GPU 1 busy (87% of its SMs)", IdleText.story(busy, ZoneOffset.UTC));
    }
}
