package dev.gpumagics.idle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What counts as work between two looks, on readings as the meter takes them. */
class ActivityMeterTest {

    private static final Instant T0 = Instant.parse("2026-12-07T17:00:00Z");
    private static final Instant T1 = T0.plusSeconds(10);

    private static ActivityMeter.Reading reading(Instant at, long heartbeatNanos, long trainerNanos, List<Long> allocator, int sm) {
        return new ActivityMeter.Reading(at, Map.of(1L, new ActivityMeter.ThreadTime("heartbeat", heartbeatNanos),
                2L, new ActivityMeter.ThreadTime("trainer", trainerNanos)), Map.of(0, allocator), Map.of(0, sm));
    }

    @Test
    void aThreadAtRestAnUnchangedAllocatorAndNoGpuSamplesAreIdle() {
        List<Long> same = List.of(1L << 30, 2L << 30, 3L << 30, 1L << 30, 0L, 0L);
        assertEquals(Optional.empty(), ActivityMeter.busy(reading(T0, 1_000, 5_000, same, 0), reading(T1, 400_000_000, 5_000, same, 0)),
                "the heartbeat's 0.4 s in 10 s is under 5% of a core");
    }

    @Test
    void aThreadOverItsShareTheAllocatorMovingOrGpuWorkEachCountAsWork() {
        List<Long> before = List.of(1L << 30, 2L << 30, 3L << 30, 1L << 30, 0L, 0L);
        List<Long> after = List.of(1L << 30, 2L << 30, 3L << 30, 2L << 30, 0L, 0L);
        assertEquals(Optional.of(new Busy.ThreadComputing("trainer", Duration.ofMillis(9_000), Duration.ofSeconds(10))),
                ActivityMeter.busy(reading(T0, 0, 1_000_000_000, before, 0), reading(T1, 0, 10_000_000_000L, before, 0)));
        assertEquals(Optional.of(new Busy.AllocatorChanged(0)), ActivityMeter.busy(reading(T0, 0, 0, before, 0), reading(T1, 0, 0, after, 0)));
        assertEquals(Optional.of(new Busy.GpuComputing(0, 37)), ActivityMeter.busy(reading(T0, 0, 0, before, 0), reading(T1, 0, 0, before, 37)));
    }

    @Test
    void onThisJvmTheLookingThreadAndGpuMagicsOwnThreadsAreLeftOut() throws Exception {
        ActivityMeter meter = new ActivityMeter(ActivityMeterTest.class::getClassLoader, Optional::empty);
        Thread ours = new Thread(() -> {
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gpumagics-something");
        ours.setDaemon(true);
        ours.start();
        ActivityMeter.Reading now = meter.read(T0, Optional.empty());
        assertEquals(false, now.threads().containsKey(Thread.currentThread().getId()));
        assertEquals(false, now.threads().values().stream().anyMatch(t -> t.name().startsWith("gpumagics-")));
        assertEquals(Optional.of("libtorch's CUDA is not in use in this kernel"), meter.measures().allocator());
        ours.interrupt();
    }
}
