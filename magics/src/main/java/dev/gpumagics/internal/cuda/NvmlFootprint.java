package dev.gpumagics.internal.cuda;

import dev.gpumagics.context.DeviceFootprint;
import dev.gpumagics.probe.Probed;
import org.bytedeco.cuda.nvml.nvmlDevice_st;
import org.bytedeco.cuda.nvml.nvmlMemory_t;
import org.bytedeco.cuda.nvml.nvmlProcessInfo_v2_t;

import static org.bytedeco.cuda.global.nvml.*;

/**
 * A process's device memory as NVML sees it from outside the process. Only the checkpoint helper
 * and the CLI call it on a pid that may be parked: the parked process itself never calls NVML.
 * TODO(lead): route through the NVML gateway of issue 2 once it is on main.
 */
public final class NvmlFootprint implements DeviceFootprint {

    @Override
    public Probed<Long> bytesHeldBy(long pid) {
        Probed<Integer> devices = deviceCount();
        if (!(devices instanceof Probed.Present<Integer> count)) {
            return devices.map(n -> 0L);
        }
        long bytes = 0;
        for (int index = 0; index < count.value(); index++) {
            nvmlDevice_st device = new nvmlDevice_st();
            if (nvmlDeviceGetHandleByIndex_v2(index, device) != NVML_SUCCESS) {
                continue;
            }
            int[] size = {0};
            int result = nvmlDeviceGetComputeRunningProcesses_v3(device, size, (nvmlProcessInfo_v2_t) null);
            if (result != NVML_SUCCESS && result != NVML_ERROR_INSUFFICIENT_SIZE) {
                return Probed.unavailable("nvmlDeviceGetComputeRunningProcesses: " + nvmlErrorString(result).getString(), "");
            }
            if (size[0] == 0) {
                continue;
            }
            size[0] += 4; // processes may start between the two calls
            try (nvmlProcessInfo_v2_t infos = new nvmlProcessInfo_v2_t(size[0])) {
                result = nvmlDeviceGetComputeRunningProcesses_v3(device, size, infos);
                if (result != NVML_SUCCESS) {
                    return Probed.unavailable("nvmlDeviceGetComputeRunningProcesses: " + nvmlErrorString(result).getString(), "");
                }
                for (int i = 0; i < size[0]; i++) {
                    nvmlProcessInfo_v2_t info = infos.getPointer(i);
                    if (info.pid() == pid) {
                        bytes += info.usedGpuMemory();
                    }
                }
            }
        }
        return Probed.present(bytes);
    }

    @Override
    public Probed<Long> bytesUsedOnAllDevices() {
        Probed<Integer> devices = deviceCount();
        if (!(devices instanceof Probed.Present<Integer> count)) {
            return devices.map(n -> 0L);
        }
        long used = 0;
        for (int index = 0; index < count.value(); index++) {
            nvmlDevice_st device = new nvmlDevice_st();
            try (nvmlMemory_t memory = new nvmlMemory_t()) {
                if (nvmlDeviceGetHandleByIndex_v2(index, device) != NVML_SUCCESS || nvmlDeviceGetMemoryInfo(device, memory) != NVML_SUCCESS) {
                    return Probed.unavailable("NVML cannot read device " + index + "'s memory", "");
                }
                used += memory.used();
            }
        }
        return Probed.present(used);
    }

    private static Probed<Integer> deviceCount() {
        Probed<Boolean> loaded = CudaLoad.nvml();
        if (!loaded.isPresent()) {
            return loaded.map(ok -> 0);
        }
        int result = Init.RESULT;
        if (result != NVML_SUCCESS) {
            return Probed.unavailable("nvmlInit: " + nvmlErrorString(result).getString(), "");
        }
        int[] count = {0};
        result = nvmlDeviceGetCount_v2(count);
        return result == NVML_SUCCESS ? Probed.present(count[0])
                : Probed.unavailable("nvmlDeviceGetCount: " + nvmlErrorString(result).getString(), "");
    }

    /** nvmlInit once per process; NVML counts inits, and these processes never shut it down. */
    private static final class Init {
        static final int RESULT = nvmlInit_v2();
    }
}
