package dev.gpumagics.oom;

import dev.gpumagics.probe.value.DeviceId;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Where the memory was wanted: one GPU or the host, and how much room there is there now.
 *
 * @param gpu false for host memory
 * @param device the CUDA ordinal, where known: the {@code cuda:N} that libtorch's storages name
 * @param name the device's name ({@code nvidia-smi --query-gpu=name}), where the probes see it
 * @param totalBytes its capacity: the failure's {@code total capacity}, else the driver's {@code memory.total};
 *     absent for the host
 * @param freeNowBytes free now: the driver's {@code memory.free}, or the host's {@code MemAvailable}; absent where the
 *     driver does not give it (a unified-memory device)
 * @param driverDevice the device as the driver numbers it ({@code %gpumem}'s GPU 0, or MIG instance 0:1), where the probes see it
 */
public record Place(boolean gpu, OptionalInt device, Optional<String> name, OptionalLong totalBytes, OptionalLong freeNowBytes,
        Optional<DeviceId> driverDevice) {

    static Place host(OptionalLong availableBytes) {
        return new Place(false, OptionalInt.empty(), Optional.empty(), OptionalLong.empty(), availableBytes, Optional.empty());
    }

    /** Whether a storage on libtorch's {@code device} ({@code cuda:0}, {@code cpu}) is here. */
    public boolean holds(String torchDevice) {
        if (!gpu) {
            return torchDevice.equals("cpu");
        }
        return device.isPresent() ? torchDevice.equals("cuda:" + device.getAsInt()) : torchDevice.startsWith("cuda");
    }
}
