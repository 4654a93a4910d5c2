package dev.gpumagics.context.checkpoint;

import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.probe.value.GpuSnapshot;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Bytes on each device, by NVML's device index: what a process held on each GPU when it was
 * parked, or what each GPU has free. Where it is not known, callers hold an empty Optional, not an empty map.
 */
public record BytesPerDevice(SortedMap<Integer, Long> bytes) {

    public BytesPerDevice {
        bytes = Collections.unmodifiableSortedMap(new TreeMap<>(bytes));
    }

    public static BytesPerDevice of(Map<Integer, Long> bytes) {
        return new BytesPerDevice(new TreeMap<>(bytes));
    }

    /** What each GPU of the snapshot has in use, by every process together; a GPU whose driver does not say is left out. */
    public static BytesPerDevice usedOn(GpuSnapshot snapshot) {
        return of(snapshot, DeviceMemory::usedBytes);
    }

    /** What each GPU of the snapshot has free; a GPU whose driver does not say is left out, so nothing judges it. */
    public static BytesPerDevice freeOn(GpuSnapshot snapshot) {
        return of(snapshot, DeviceMemory::freeBytes);
    }

    /** By whole GPU: a checkpoint parks a process's state per GPU, and a MIG instance's memory is part of its GPU's. */
    private static BytesPerDevice of(GpuSnapshot snapshot, Function<DeviceMemory, OptionalLong> figure) {
        TreeMap<Integer, Long> bytes = new TreeMap<>();
        snapshot.devices().stream().filter(device -> !device.id().isMig())
                .forEach(device -> figure.apply(device).ifPresent(b -> bytes.put(device.id().gpu(), b)));
        return new BytesPerDevice(bytes);
    }

    /** True when no device holds anything here (a process that holds memory on none). */
    public boolean isEmpty() {
        return bytes.isEmpty();
    }

    public long total() {
        return bytes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** How much each device went down by from this to {@code later}; devices that did not go down are left out. */
    public BytesPerDevice droppedTo(BytesPerDevice later) {
        TreeMap<Integer, Long> dropped = new TreeMap<>();
        bytes.forEach((device, before) -> {
            long drop = before - later.bytes.getOrDefault(device, before);
            if (drop > 0) {
                dropped.put(device, drop);
            }
        });
        return new BytesPerDevice(dropped);
    }

    /**
     * The first device on which {@code free} has less than this much plus {@code headroom}: where a process
     * that held this could not be restored now. Devices {@code free} does not know of are not judged.
     */
    public Optional<Integer> shortOn(BytesPerDevice free, long headroom) {
        return bytes.entrySet().stream()
                .filter(need -> free.bytes.containsKey(need.getKey()) && free.bytes.get(need.getKey()) < need.getValue() + headroom)
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /** The bytes on one device this holds a figure for. */
    public long on(int device) {
        Long figure = bytes.get(device);
        if (figure == null) {
            throw new IllegalArgumentException("no figure for GPU " + device);
        }
        return figure;
    }
}
