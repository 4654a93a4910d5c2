package dev.gpumagics.internal.cuda;

import java.util.List;
import java.util.Optional;

/**
 * The NVML functions a snapshot needs, each answering NVML's status and, on success, its value: the boundary between
 * {@link NvmlReading}, which decides what each status means, and {@link Nvml}, which makes the native calls.
 *
 * @param <H> a device handle: {@code nvmlDevice_t} in {@link Nvml}
 */
interface NvmlCalls<H> {

    /** One call's status, and its value where the status is {@code NVML_SUCCESS}. */
    record Answer<T>(int status, Optional<T> value) {

        static <T> Answer<T> ok(T value) {
            return new Answer<>(0, Optional.of(value));
        }

        static <T> Answer<T> failed(int status) {
            return new Answer<>(status, Optional.empty());
        }
    }

    /** {@code nvmlMemory_t}. */
    record Memory(long totalBytes, long usedBytes, long freeBytes) {}

    /** One {@code nvmlProcessInfo_t}, as the driver filled it: {@code usedGpuMemory} may be NVML_VALUE_NOT_AVAILABLE. */
    record ProcessRow(long pid, long usedGpuMemory) {}

    Answer<String> driverVersion();

    Answer<Integer> deviceCount();

    Answer<H> handle(int index);

    Answer<String> name(H device);

    Answer<String> uuid(H device);

    Answer<Memory> memory(H device);

    /** {@code nvmlDeviceGetUtilizationRates}'s {@code gpu}. */
    Answer<Integer> utilization(H device);

    /** {@code nvmlDeviceGetMigMode}'s current mode, as enabled or not. */
    Answer<Boolean> migEnabled(H device);

    Answer<Integer> maxMigDevices(H device);

    /** {@code nvmlDeviceGetMigDeviceHandleByIndex}: NVML_ERROR_NOT_FOUND for a slot no instance fills. */
    Answer<H> migHandle(H device, int slot);

    /** {@code nvmlDeviceGetComputeRunningProcesses}, the whole list. */
    Answer<List<ProcessRow>> computeProcesses(H device);

    /** One {@code nvmlProcessUtilizationSample_t}: a process's SM utilization in percent in one sample period. */
    record UtilizationRow(long pid, int smPercent) {}

    /**
     * {@code nvmlDeviceGetProcessUtilization}: a sample for each process that used the device in a sample period since
     * {@code sinceMicros} (the CPU clock in microseconds; 0 for every sample the driver keeps). NVML_ERROR_NOT_FOUND when
     * there is none.
     */
    Answer<List<UtilizationRow>> processUtilization(H device, long sinceMicros);

    /** {@code nvmlErrorString}. */
    String errorString(int status);
}
