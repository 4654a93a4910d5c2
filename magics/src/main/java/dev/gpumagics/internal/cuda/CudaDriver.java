package dev.gpumagics.internal.cuda;

import dev.gpumagics.probe.value.CudaDevice;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bytedeco.cuda.cudart.CUuuid;
import org.bytedeco.cuda.global.cudart;

/**
 * Driver API calls that create no context. Loading this class links libcuda and libcudart, so only
 * {@link CudaDriverGateway} calls it, after checking both exist.
 */
final class CudaDriver {

    private static final int CUDA_SUCCESS = 0;
    private static final int CUDA_ERROR_NO_DEVICE = 100;

    private CudaDriver() {}

    static List<CudaDevice> devices() {
        int status = cudart.cuInit(0);
        if (status == CUDA_ERROR_NO_DEVICE) {
            return List.of();
        }
        check("cuInit", status);
        int[] count = new int[1];
        check("cuDeviceGetCount", cudart.cuDeviceGetCount(count));
        List<CudaDevice> devices = new ArrayList<>();
        for (int ordinal = 0; ordinal < count[0]; ordinal++) {
            int[] device = new int[1];
            check("cuDeviceGet", cudart.cuDeviceGet(device, ordinal));
            int[] flags = new int[1];
            int[] active = new int[1];
            check("cuDevicePrimaryCtxGetState", cudart.cuDevicePrimaryCtxGetState(device[0], flags, active));
            devices.add(new CudaDevice(ordinal, uuid(device[0]), active[0] != 0));
        }
        return devices;
    }

    private static String uuid(int device) {
        try (CUuuid uuid = new CUuuid()) {
            check("cuDeviceGetUuid", cudart.cuDeviceGetUuid(uuid, device));
            byte[] bytes = new byte[16];
            uuid.bytes().get(bytes);
            return nvmlForm(bytes);
        }
    }

    /** NVML writes a UUID as GPU-8-4-4-4-12 hex digits. */
    static String nvmlForm(byte[] bytes) {
        String hex = HexFormat.of().formatHex(bytes);
        return "GPU-" + hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    private static void check(String function, int status) {
        if (status != CUDA_SUCCESS) {
            throw new IllegalStateException(function + " failed with CUDA error " + status);
        }
    }
}
