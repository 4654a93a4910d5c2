package dev.gpumagics.internal.cuda;

import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.ProcessUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.bytedeco.cuda.global.nvml;
import org.bytedeco.cuda.nvml.nvmlDevice_st;
import org.bytedeco.cuda.nvml.nvmlMemory_t;
import org.bytedeco.cuda.nvml.nvmlProcessInfo_v2_t;
import org.bytedeco.cuda.nvml.nvmlProcessUtilizationSample_t;
import org.bytedeco.cuda.nvml.nvmlUtilization_t;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;

/**
 * The NVML calls, all in one place. Only {@link NvmlGateway} uses this class, after it has checked
 * that the libraries exist, since merely loading it links libnvidia-ml, libcuda and libcudart.
 * NVML creates no CUDA context.
 */
final class Nvml {

    /** NVML's "unsigned long long -1" for a process whose usage the driver withholds. */
    private static final long VALUE_NOT_AVAILABLE = -1L;
    private static final int NAME_BUFFER = 96;
    private static final int UUID_BUFFER = 96;
    private static final int VERSION_BUFFER = 96;

    private Nvml() {}

    static void init() {
        check("nvmlInit_v2", nvml.nvmlInit_v2());
    }

    static GpuSnapshot snapshot() {
        String driver = text(VERSION_BUFFER, (buffer, size) -> nvml.nvmlSystemGetDriverVersion(buffer, size), "nvmlSystemGetDriverVersion");
        int[] count = new int[1];
        check("nvmlDeviceGetCount_v2", nvml.nvmlDeviceGetCount_v2(count));
        List<DeviceMemory> devices = new ArrayList<>();
        List<ProcessUsage> processes = new ArrayList<>();
        for (int index = 0; index < count[0]; index++) {
            nvmlDevice_st device = new nvmlDevice_st();
            check("nvmlDeviceGetHandleByIndex_v2", nvml.nvmlDeviceGetHandleByIndex_v2(index, device));
            devices.add(memory(index, device));
            processes.addAll(processes(index, device));
        }
        return new GpuSnapshot("NVML", driver, devices, processes);
    }

    private static DeviceMemory memory(int index, nvmlDevice_st device) {
        String name = text(NAME_BUFFER, (buffer, size) -> nvml.nvmlDeviceGetName(device, buffer, size), "nvmlDeviceGetName");
        String uuid = text(UUID_BUFFER, (buffer, size) -> nvml.nvmlDeviceGetUUID(device, buffer, size), "nvmlDeviceGetUUID");
        try (nvmlMemory_t memory = new nvmlMemory_t()) {
            check("nvmlDeviceGetMemoryInfo", nvml.nvmlDeviceGetMemoryInfo(device, memory));
            return new DeviceMemory(index, uuid, name, memory.total(), memory.used(), memory._free(), utilization(device));
        }
    }

    /** Absent, not an error, where the device has no such counter (MIG instances, some vGPUs). */
    private static OptionalInt utilization(nvmlDevice_st device) {
        try (nvmlUtilization_t rates = new nvmlUtilization_t()) {
            return nvml.nvmlDeviceGetUtilizationRates(device, rates) == nvml.NVML_SUCCESS
                    ? OptionalInt.of(rates.gpu())
                    : OptionalInt.empty();
        }
    }

    private static List<ProcessUsage> processes(int index, nvmlDevice_st device) {
        // The list can grow between the sizing call and the reading call: retry with room to spare.
        for (int attempt = 0; attempt < 3; attempt++) {
            try (IntPointer count = new IntPointer(1)) {
                count.put(0);
                int status = nvml.nvmlDeviceGetComputeRunningProcesses_v3(device, count, (nvmlProcessInfo_v2_t) null);
                if (status == nvml.NVML_SUCCESS) {
                    return List.of();
                }
                if (status != nvml.NVML_ERROR_INSUFFICIENT_SIZE) {
                    check("nvmlDeviceGetComputeRunningProcesses_v3", status);
                }
                int capacity = count.get() + 8;
                try (nvmlProcessInfo_v2_t infos = new nvmlProcessInfo_v2_t(capacity)) {
                    count.put(capacity);
                    status = nvml.nvmlDeviceGetComputeRunningProcesses_v3(device, count, infos);
                    if (status == nvml.NVML_ERROR_INSUFFICIENT_SIZE) {
                        continue;
                    }
                    check("nvmlDeviceGetComputeRunningProcesses_v3", status);
                    List<ProcessUsage> rows = new ArrayList<>();
                    for (int i = 0; i < count.get(); i++) {
                        nvmlProcessInfo_v2_t info = infos.getPointer(i);
                        long used = info.usedGpuMemory();
                        rows.add(new ProcessUsage(index, Integer.toUnsignedLong(info.pid()),
                                used == VALUE_NOT_AVAILABLE ? OptionalLong.empty() : OptionalLong.of(used)));
                    }
                    return rows;
                }
            }
        }
        throw new NvmlException("nvmlDeviceGetComputeRunningProcesses_v3", nvml.NVML_ERROR_INSUFFICIENT_SIZE, "the process list kept growing");
    }

    /**
     * The highest SM utilization NVML sampled for {@code pid} on each device since {@code sinceMicros} (the CPU time in
     * microseconds of an earlier read; 0 for all the samples the driver keeps). NVML returns a sample only for a
     * process that used the device in its sample period, so a device with none for the pid gives 0; one whose driver
     * does not sample processes (NOT_SUPPORTED) is left out.
     */
    static Map<Integer, Integer> processSmPercent(long pid, long sinceMicros) {
        int[] count = new int[1];
        check("nvmlDeviceGetCount_v2", nvml.nvmlDeviceGetCount_v2(count));
        Map<Integer, Integer> busiest = new TreeMap<>();
        for (int index = 0; index < count[0]; index++) {
            nvmlDevice_st device = new nvmlDevice_st();
            check("nvmlDeviceGetHandleByIndex_v2", nvml.nvmlDeviceGetHandleByIndex_v2(index, device));
            int[] samples = new int[1];
            int status = nvml.nvmlDeviceGetProcessUtilization(device, (nvmlProcessUtilizationSample_t) null, samples, sinceMicros);
            if (status == nvml.NVML_ERROR_NOT_SUPPORTED) {
                continue;
            }
            if (status == nvml.NVML_ERROR_NOT_FOUND || (status == nvml.NVML_SUCCESS && samples[0] == 0)) {
                busiest.put(index, 0);
                continue;
            }
            if (status != nvml.NVML_ERROR_INSUFFICIENT_SIZE && status != nvml.NVML_SUCCESS) {
                check("nvmlDeviceGetProcessUtilization", status);
            }
            int capacity = samples[0] + 8;
            try (nvmlProcessUtilizationSample_t rows = new nvmlProcessUtilizationSample_t(capacity)) {
                samples[0] = capacity;
                status = nvml.nvmlDeviceGetProcessUtilization(device, rows, samples, sinceMicros);
                if (status == nvml.NVML_ERROR_NOT_FOUND) {
                    busiest.put(index, 0);
                    continue;
                }
                check("nvmlDeviceGetProcessUtilization", status);
                int most = 0;
                for (int i = 0; i < samples[0]; i++) {
                    nvmlProcessUtilizationSample_t row = rows.getPointer(i);
                    if (Integer.toUnsignedLong(row.pid()) == pid) {
                        most = Math.max(most, row.smUtil());
                    }
                }
                busiest.put(index, most);
            }
        }
        return busiest;
    }

    private interface TextCall {
        int call(BytePointer buffer, int size);
    }

    private static String text(int size, TextCall call, String function) {
        try (BytePointer buffer = new BytePointer(size)) {
            check(function, call.call(buffer, size));
            return buffer.getString().strip();
        }
    }

    private static void check(String function, int status) {
        if (status != nvml.NVML_SUCCESS) {
            throw new NvmlException(function, status, nvml.nvmlErrorString(status).getString());
        }
    }
}
