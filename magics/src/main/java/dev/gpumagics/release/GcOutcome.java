package dev.gpumagics.release;

import java.time.Duration;

/** What {@code %gpugc} did: levels before and after collection, pending native deallocations and cache release. */
public record GcOutcome(MemoryLevel before, MemoryLevel after, boolean cudaCacheReleased, Duration took) {}
