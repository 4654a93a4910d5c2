package dev.gpumagics.idle;

import java.time.Duration;

/** Why a look found the process not idle, with the figures that showed it. */
public sealed interface Busy {

    /** A Java thread used more than its share of a core over the look's window: a cell's background work. */
    record ThreadComputing(String thread, Duration cpu, Duration window) implements Busy {}

    /** libtorch's CUDA allocator counters on that device moved between two looks: tensors were made or freed. */
    record AllocatorChanged(int device) implements Busy {}

    /** NVML sampled this process computing on that device. */
    record GpuComputing(int device, int smPercent) implements Busy {}
}
