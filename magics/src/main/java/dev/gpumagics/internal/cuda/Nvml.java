package dev.gpumagics.internal.cuda;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.cuda.global.nvml;
import org.bytedeco.cuda.nvml.nvmlDevice_st;
import org.bytedeco.cuda.nvml.nvmlMemory_t;
import org.bytedeco.cuda.nvml.nvmlProcessInfo_v2_t;
import org.bytedeco.cuda.nvml.nvmlProcessUtilizationSample_t;
import org.bytedeco.cuda.nvml.nvmlUtilization_t;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;

/**
 * The NVML calls, all in one place, each answering its status ({@link NvmlReading} decides what a status means). Only
 * {@link NvmlGateway} uses this class, after it has checked that the libraries exist, since merely loading it links
 * libnvidia-ml, libcuda and libcudart. NVML creates no CUDA context.
 */
final class Nvml implements NvmlCalls<nvmlDevice_st> {

    private static final int NAME_BUFFER = 96;
    private static final int UUID_BUFFER = 96;
    private static final int VERSION_BUFFER = 96;

    static void init() {
        int status = nvml.nvmlInit_v2();
        if (status != nvml.NVML_SUCCESS) {
            throw new NvmlException("nvmlInit_v2", status, nvml.nvmlErrorString(status).getString());
        }
    }

    @Override
    public Answer<String> driverVersion() {
        return text(VERSION_BUFFER, nvml::nvmlSystemGetDriverVersion);
    }

    @Override
    public Answer<Integer> deviceCount() {
        int[] count = new int[1];
        int status = nvml.nvmlDeviceGetCount_v2(count);
        return status == nvml.NVML_SUCCESS ? Answer.ok(count[0]) : Answer.failed(status);
    }

    @Override
    public Answer<nvmlDevice_st> handle(int index) {
        nvmlDevice_st device = new nvmlDevice_st();
        int status = nvml.nvmlDeviceGetHandleByIndex_v2(index, device);
        return status == nvml.NVML_SUCCESS ? Answer.ok(device) : Answer.failed(status);
    }

    @Override
    public Answer<String> name(nvmlDevice_st device) {
        return text(NAME_BUFFER, (buffer, size) -> nvml.nvmlDeviceGetName(device, buffer, size));
    }

    @Override
    public Answer<String> uuid(nvmlDevice_st device) {
        return text(UUID_BUFFER, (buffer, size) -> nvml.nvmlDeviceGetUUID(device, buffer, size));
    }

    @Override
    public Answer<Memory> memory(nvmlDevice_st device) {
        try (nvmlMemory_t memory = new nvmlMemory_t()) {
            int status = nvml.nvmlDeviceGetMemoryInfo(device, memory);
            return status == nvml.NVML_SUCCESS ? Answer.ok(new Memory(memory.total(), memory.used(), memory._free())) : Answer.failed(status);
        }
    }

    @Override
    public Answer<Integer> utilization(nvmlDevice_st device) {
        try (nvmlUtilization_t rates = new nvmlUtilization_t()) {
            int status = nvml.nvmlDeviceGetUtilizationRates(device, rates);
            return status == nvml.NVML_SUCCESS ? Answer.ok(rates.gpu()) : Answer.failed(status);
        }
    }

    @Override
    public Answer<Boolean> migEnabled(nvmlDevice_st device) {
        int[] current = new int[1];
        int[] pending = new int[1];
        int status = nvml.nvmlDeviceGetMigMode(device, current, pending);
        return status == nvml.NVML_SUCCESS ? Answer.ok(current[0] == nvml.NVML_DEVICE_MIG_ENABLE) : Answer.failed(status);
    }

    @Override
    public Answer<Integer> maxMigDevices(nvmlDevice_st device) {
        int[] count = new int[1];
        int status = nvml.nvmlDeviceGetMaxMigDeviceCount(device, count);
        return status == nvml.NVML_SUCCESS ? Answer.ok(count[0]) : Answer.failed(status);
    }

    @Override
    public Answer<nvmlDevice_st> migHandle(nvmlDevice_st device, int slot) {
        nvmlDevice_st instance = new nvmlDevice_st();
        int status = nvml.nvmlDeviceGetMigDeviceHandleByIndex(device, slot, instance);
        return status == nvml.NVML_SUCCESS ? Answer.ok(instance) : Answer.failed(status);
    }

    @Override
    public Answer<List<ProcessRow>> computeProcesses(nvmlDevice_st device) {
        // The list can grow between the sizing call and the reading call: retry with room to spare.
        for (int attempt = 0; attempt < 3; attempt++) {
            try (IntPointer count = new IntPointer(1)) {
                count.put(0);
                int status = nvml.nvmlDeviceGetComputeRunningProcesses_v3(device, count, (nvmlProcessInfo_v2_t) null);
                if (status == nvml.NVML_SUCCESS) {
                    return Answer.ok(List.of());
                }
                if (status != nvml.NVML_ERROR_INSUFFICIENT_SIZE) {
                    return Answer.failed(status);
                }
                int capacity = count.get() + 8;
                try (nvmlProcessInfo_v2_t infos = new nvmlProcessInfo_v2_t(capacity)) {
                    count.put(capacity);
                    status = nvml.nvmlDeviceGetComputeRunningProcesses_v3(device, count, infos);
                    if (status == nvml.NVML_ERROR_INSUFFICIENT_SIZE) {
                        continue;
                    }
                    if (status != nvml.NVML_SUCCESS) {
                        return Answer.failed(status);
                    }
                    List<ProcessRow> rows = new ArrayList<>();
                    for (int i = 0; i < count.get(); i++) {
                        nvmlProcessInfo_v2_t info = infos.getPointer(i);
                        rows.add(new ProcessRow(Integer.toUnsignedLong(info.pid()), info.usedGpuMemory()));
                    }
                    return Answer.ok(rows);
                }
            }
        }
        return Answer.failed(nvml.NVML_ERROR_INSUFFICIENT_SIZE);
    }

    @Override
    public Answer<List<UtilizationRow>> processUtilization(nvmlDevice_st device, long sinceMicros) {
        int[] count = new int[1];
        int status = nvml.nvmlDeviceGetProcessUtilization(device, (nvmlProcessUtilizationSample_t) null, count, sinceMicros);
        if (status == nvml.NVML_SUCCESS && count[0] == 0) {
            return Answer.ok(List.of());
        }
        if (status != nvml.NVML_ERROR_INSUFFICIENT_SIZE && status != nvml.NVML_SUCCESS) {
            return Answer.failed(status);
        }
        int capacity = count[0] + 8;
        try (nvmlProcessUtilizationSample_t samples = new nvmlProcessUtilizationSample_t(capacity)) {
            count[0] = capacity;
            status = nvml.nvmlDeviceGetProcessUtilization(device, samples, count, sinceMicros);
            if (status != nvml.NVML_SUCCESS) {
                return Answer.failed(status);
            }
            List<UtilizationRow> rows = new ArrayList<>();
            for (int i = 0; i < count[0]; i++) {
                nvmlProcessUtilizationSample_t sample = samples.getPointer(i);
                rows.add(new UtilizationRow(Integer.toUnsignedLong(sample.pid()), sample.smUtil()));
            }
            return Answer.ok(rows);
        }
    }

    @Override
    public String errorString(int status) {
        return nvml.nvmlErrorString(status).getString();
    }

    private interface TextCall {
        int call(BytePointer buffer, int size);
    }

    private static Answer<String> text(int size, TextCall call) {
        try (BytePointer buffer = new BytePointer(size)) {
            int status = call.call(buffer, size);
            return status == nvml.NVML_SUCCESS ? Answer.ok(buffer.getString().strip()) : Answer.failed(status);
        }
    }
}
