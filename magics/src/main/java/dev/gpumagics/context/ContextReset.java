package dev.gpumagics.context;

import dev.gpumagics.context.ContextOutcome.Refused;
import dev.gpumagics.context.checkpoint.DeviceFootprint;
import dev.gpumagics.context.driver.ContextDriver;
import dev.gpumagics.context.driver.DriverCall;
import dev.gpumagics.probe.value.Probed;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

/** {@code %gpureset}: destroys this process's primary context on every device that has one, where that is safe. */
record ContextReset(long pid, ContextDriver driver, DeviceFootprint footprint, BooleanSupplier libtorchCudaLoaded) {

    /** On a running process: the next CUDA call creates a new context. */
    ContextOutcome reset() {
        if (libtorchCudaLoaded.getAsBoolean()) {
            return new Refused(new Refusal.ResetUnderLibtorch());
        }
        Probed<Integer> version = driver.driverVersion();
        if (version instanceof Probed.Unavailable<Integer> missing) {
            return new Refused(new Refusal.NoDriver(missing.reason(), missing.hint()));
        }
        Probed<List<Integer>> devices = driver.devicesWithContext();
        if (devices instanceof Probed.Unavailable<List<Integer>> missing) {
            return new Refused(new Refusal.ContextsUnknown(missing.reason(), missing.hint()));
        }
        List<Integer> active = devices.asOptional().orElseThrow();
        if (active.isEmpty()) {
            return new Refused(new Refusal.NoContext());
        }
        OptionalLong before = bytes(footprint.bytesHeldBy(pid));
        long start = System.nanoTime();
        for (int device : active) {
            DriverCall call = driver.resetDevice(device);
            if (!call.ok()) {
                return new ContextOutcome.ResetFailed(device, call);
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new ContextOutcome.Reset(active, before, bytes(footprint.bytesHeldBy(pid)), took);
    }

    private static OptionalLong bytes(Probed<Long> probed) {
        return probed.asOptional().map(OptionalLong::of).orElse(OptionalLong.empty());
    }
}
