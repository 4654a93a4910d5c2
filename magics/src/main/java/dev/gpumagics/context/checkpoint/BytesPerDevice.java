package dev.gpumagics.context.checkpoint;

import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.probe.value.GpuSnapshot;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * Bytes on each device, by NVML's device index: what a process held on each GPU when it was
 * parked, or what each GPU has free. Written as {@code 0:123,1:456} on the helper's command line
 * and in its answer.
 */
public record BytesPerDevice(SortedMap<Integer, Long> bytes) {

    public static final BytesPerDevice NONE = new BytesPerDevice(new TreeMap<>());

    public BytesPerDevice {
        bytes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(bytes));
    }

    public static BytesPerDevice of(Map<Integer, Long> bytes) {
        return new BytesPerDevice(new TreeMap<>(bytes));
    }

    /** What each device of the snapshot has in use, by every process together. */
    public static BytesPerDevice usedOn(GpuSnapshot snapshot) {
        return of(snapshot, DeviceMemory::usedBytes);
    }

    /** What each device of the snapshot has free. */
    public static BytesPerDevice freeOn(GpuSnapshot snapshot) {
        return of(snapshot, DeviceMemory::freeBytes);
    }

    private static BytesPerDevice of(GpuSnapshot snapshot, ToLongFunction<DeviceMemory> figure) {
        TreeMap<Integer, Long> bytes = new TreeMap<>();
        snapshot.devices().forEach(device -> bytes.put(device.index(), figure.applyAsLong(device)));
        return new BytesPerDevice(bytes);
    }

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

    /** {@code 0:123,1:456}; empty for none. */
    public String token() {
        StringJoiner token = new StringJoiner(",");
        bytes.forEach((device, count) -> token.add(device + ":" + count));
        return token.toString();
    }

    /** Reads {@link #token()}; throws IllegalArgumentException (NumberFormatException) on anything else. */
    public static BytesPerDevice parse(String token) {
        TreeMap<Integer, Long> bytes = new TreeMap<>();
        if (!token.isEmpty()) {
            for (String entry : token.split(",")) {
                int colon = entry.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException("not device:bytes: " + entry);
                }
                bytes.put(Integer.parseInt(entry.substring(0, colon)), Long.parseLong(entry.substring(colon + 1)));
            }
        }
        return new BytesPerDevice(bytes);
    }
}
