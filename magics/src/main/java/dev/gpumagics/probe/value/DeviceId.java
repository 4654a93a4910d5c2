package dev.gpumagics.probe.value;

import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A device as the driver numbers it: a GPU by its index ({@code nvidia-smi --query-gpu=index}), or a MIG instance by
 * its GPU's index and its own ({@code nvidia-smi -L}: "MIG 3g.40gb Device 1" under GPU 0 is {@code 0:1}). A MIG instance
 * is a device of its own: its memory, its processes, its CUDA ordinal.
 *
 * @param gpu the GPU's index, for a MIG instance its parent's
 * @param mig the MIG instance's index on that GPU, absent for a whole GPU
 */
public record DeviceId(int gpu, OptionalInt mig) implements Comparable<DeviceId> {

    private static final Comparator<DeviceId> ORDER = Comparator.comparingInt((DeviceId id) -> id.gpu())
            .thenComparingInt((DeviceId id) -> id.mig().isPresent() ? id.mig().getAsInt() + 1 : 0);

    public DeviceId {
        if (gpu < 0 || (mig.isPresent() && mig.getAsInt() < 0)) {
            throw new IllegalArgumentException("a device index is never negative: " + gpu + ":" + mig);
        }
    }

    public static DeviceId gpu(int index) {
        return new DeviceId(index, OptionalInt.empty());
    }

    public static DeviceId mig(int gpu, int instance) {
        return new DeviceId(gpu, OptionalInt.of(instance));
    }

    /** {@code 0} for GPU 0, {@code 0:1} for its MIG instance 1; what {@code --device} takes back. */
    public static Optional<DeviceId> parse(String text) {
        String[] parts = text.strip().split(":", -1);
        if (parts.length > 2) {
            return Optional.empty();
        }
        try {
            int gpu = Integer.parseInt(parts[0]);
            if (gpu < 0) {
                return Optional.empty();
            }
            if (parts.length == 1) {
                return Optional.of(gpu(gpu));
            }
            int instance = Integer.parseInt(parts[1]);
            return instance < 0 ? Optional.empty() : Optional.of(mig(gpu, instance));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean isMig() {
        return mig.isPresent();
    }

    /** Whether this is the GPU that {@code other} is a MIG instance of. */
    public boolean isParentOf(DeviceId other) {
        return !isMig() && other.isMig() && other.gpu() == gpu;
    }

    /** The form {@link #parse} reads. */
    @Override
    public String toString() {
        return mig.isPresent() ? gpu + ":" + mig.getAsInt() : Integer.toString(gpu);
    }

    @Override
    public int compareTo(DeviceId other) {
        return ORDER.compare(this, other);
    }
}
