package dev.gpumagics.oom;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Where the memory was wanted: one GPU or the host, and how much room there is there now.
 *
 * @param gpu false for host memory
 * @param device the CUDA ordinal, where known
 * @param name the device's name ({@code nvidia-smi --query-gpu=name}), where the probes see it
 * @param totalBytes its capacity: the failure's {@code total capacity}, else the driver's {@code memory.total};
 *     absent for the host
 * @param freeNowBytes free now: the driver's {@code memory.free}, or the host's {@code MemAvailable}
 */
public record Place(boolean gpu, OptionalInt device, Optional<String> name, OptionalLong totalBytes, OptionalLong freeNowBytes) {

    static Place host(OptionalLong availableBytes) {
        return new Place(false, OptionalInt.empty(), Optional.empty(), OptionalLong.empty(), availableBytes);
    }

    /** Whether a storage on libtorch's {@code device} ({@code cuda:0}, {@code cpu}) is here. */
    public boolean holds(String torchDevice) {
        if (!gpu) {
            return torchDevice.equals("cpu");
        }
        return device.isPresent() ? torchDevice.equals("cuda:" + device.getAsInt()) : torchDevice.startsWith("cuda");
    }
}
