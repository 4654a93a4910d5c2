package dev.gpumagics.watch;

import dev.gpumagics.context.GpuContext;
import java.util.Optional;
import java.util.function.Supplier;

/** Lets a look at the device through only while this kernel's GPU state is on it: a parked process must not ask. */
public interface DeviceGate {

    /** @return what {@code read} gave, or empty without running it while the GPU state is parked */
    <T> Optional<T> ifOnDevice(Supplier<T> read);

    /** The process's own context, where one was made; a process that never made one cannot be parked. */
    static DeviceGate thisProcess() {
        return new DeviceGate() {
            @Override
            public <T> Optional<T> ifOnDevice(Supplier<T> read) {
                Optional<GpuContext> context = GpuContext.ifCreated();
                return context.isPresent() ? context.get().whileOnDevice(read) : Optional.of(read.get());
            }
        };
    }

    /** Every look goes through: for a process whose GPU state is never parked (tests, a plain program). */
    DeviceGate OPEN = new DeviceGate() {
        @Override
        public <T> Optional<T> ifOnDevice(Supplier<T> read) {
            return Optional.of(read.get());
        }
    };
}
