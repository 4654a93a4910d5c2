package dev.gpumagics.internal.cuda;

import dev.gpumagics.context.driver.CheckpointDriver;
import dev.gpumagics.context.driver.CheckpointState;
import dev.gpumagics.context.driver.ContextDriver;
import dev.gpumagics.context.driver.DriverCall;
import dev.gpumagics.probe.value.CudaDevice;
import dev.gpumagics.probe.value.Probed;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.bytedeco.cuda.cudart.CUcheckpointLockArgs;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

import static org.bytedeco.cuda.global.cudart.*;

/**
 * The real {@link CheckpointDriver} and {@link ContextDriver}: the CUDA driver API through JavaCPP.
 * None of these calls creates a CUDA context except where a method says so.
 */
public final class CudaDriverApi implements CheckpointDriver, ContextDriver {

    @Override
    public Probed<Integer> driverVersion() {
        Probed<Boolean> loaded = CudaLoad.cudart();
        if (!loaded.isPresent()) {
            return loaded.map(ok -> 0);
        }
        int[] version = new int[1];
        int result = cuDriverGetVersion(version);
        if (result != CUDA_SUCCESS || version[0] == 0) {
            return Probed.unavailable("cuDriverGetVersion failed: " + errorName(result), "is the NVIDIA driver installed?");
        }
        return Probed.present(version[0]);
    }

    @Override
    public Probed<CheckpointState> state(long pid) {
        Optional<String> missing = checkpointApiMissing();
        if (missing.isPresent()) {
            return Probed.unavailable(missing.get(), "");
        }
        int[] state = new int[1];
        int result = cuCheckpointProcessGetState((int) pid, state);
        if (result != CUDA_SUCCESS) {
            return Probed.unavailable("cuCheckpointProcessGetState: " + errorName(result), "");
        }
        return CheckpointState.ofDriverValue(state[0]).<Probed<CheckpointState>>map(Probed::present)
                .orElseGet(() -> Probed.unavailable("the driver reports an unknown process state " + state[0], ""));
    }

    @Override
    public DriverCall lock(long pid, int timeoutMillis) {
        Optional<String> missing = checkpointApiMissing();
        if (missing.isPresent()) {
            return new DriverCall(CUDA_ERROR_NOT_SUPPORTED, missing.get());
        }
        try (CUcheckpointLockArgs args = new CUcheckpointLockArgs()) {
            args.zero();
            args.timeoutMs(timeoutMillis);
            return call(cuCheckpointProcessLock((int) pid, args));
        }
    }

    @Override
    public DriverCall checkpoint(long pid) {
        return checkpointApi(() -> cuCheckpointProcessCheckpoint((int) pid, null));
    }

    @Override
    public DriverCall restore(long pid) {
        return checkpointApi(() -> cuCheckpointProcessRestore((int) pid, null));
    }

    @Override
    public DriverCall unlock(long pid) {
        return checkpointApi(() -> cuCheckpointProcessUnlock((int) pid, null));
    }

    @Override
    public Probed<List<Integer>> devicesWithContext() {
        return CudaDriverGateway.devices(DriverLibraries.system()).map(devices -> devices.stream()
                .filter(CudaDevice::primaryContextActive).map(CudaDevice::ordinal).toList());
    }

    @Override
    public DriverCall resetDevice(int device) {
        int result = cudaSetDevice(device);
        if (result != 0) {
            return new DriverCall(result, runtimeErrorName(result));
        }
        // The calling thread's current device is left at this one: setting it back could create a
        // context on a device that had none. cudaDeviceReset is the measured call (docs/FACTS.md).
        result = cudaDeviceReset();
        return result == 0 ? DriverCall.SUCCESS : new DriverCall(result, runtimeErrorName(result));
    }

    /** Why the checkpoint API may not be called, if it may not: calling its functions on an older libcuda would kill the process. */
    private Optional<String> checkpointApiMissing() {
        Probed<Integer> version = driverVersion();
        if (version instanceof Probed.Unavailable<Integer> missing) {
            return Optional.of(missing.reason());
        }
        if (version.asOptional().orElse(0) < FIRST_CHECKPOINT_DRIVER) {
            return Optional.of("the driver has no checkpoint API (before 570)");
        }
        int result = cuInit(0);
        return result == CUDA_SUCCESS ? Optional.empty() : Optional.of("cuInit: " + errorName(result));
    }

    /** One checkpoint call where the API may be called; else the reason it may not, as a failed call. */
    private DriverCall checkpointApi(IntSupplier call) {
        Optional<String> missing = checkpointApiMissing();
        return missing.isPresent() ? new DriverCall(CUDA_ERROR_NOT_SUPPORTED, missing.get()) : call(call.getAsInt());
    }

    private static DriverCall call(int result) {
        return result == CUDA_SUCCESS ? DriverCall.SUCCESS : new DriverCall(result, errorName(result));
    }

    static String errorName(int result) {
        try (PointerPointer<BytePointer> text = new PointerPointer<>(1)) {
            if (cuGetErrorString(result, text) == CUDA_SUCCESS && text.get(0) != null) {
                return new BytePointer(text.get(0)).getString() + " (" + result + ")";
            }
        }
        return "CUresult " + result;
    }

    private static String runtimeErrorName(int result) {
        BytePointer text = cudaGetErrorString(result);
        return (text == null || text.isNull() ? "cudaError " : text.getString() + " ") + "(" + result + ")";
    }
}
