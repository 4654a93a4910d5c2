package dev.gpumagics.watch;

import dev.gpumagics.internal.cuda.DriverLibraries;
import dev.gpumagics.internal.torch.TorchAccess;
import dev.gpumagics.internal.torch.TorchBridge;
import dev.gpumagics.probe.CudaContextProbe;
import dev.gpumagics.probe.GpuProbe;
import dev.gpumagics.probe.NvidiaSmiProbe;
import dev.gpumagics.probe.NvmlProbe;
import dev.gpumagics.probe.TorchAllocatorProbe;
import dev.gpumagics.probe.value.AllocatorStats;
import dev.gpumagics.probe.value.CudaDevice;
import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.Probed;
import dev.gpumagics.probe.value.ProcessUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@link MemorySample}s: /proc for the host, NVML for the devices (never nvidia-smi, a process per look),
 * libtorch's allocator counters where its CUDA runs. The device is asked only through the {@link DeviceGate}, so
 * never while this kernel's GPU state is parked; nothing here creates a CUDA context or loads libtorch.
 */
public final class MemorySampler {

    private final ResidentSet host;
    private final GpuProbe nvml;
    private final CudaContextProbe cuda;
    private final TorchAllocatorProbe allocator;
    private final Supplier<ClassLoader> notebookClasses;
    private final DeviceGate gate;
    private final long pid;
    /** Whether nvidia-smi is on PATH, found once: then the GPUs are there, only not for every cell. */
    private final BooleanSupplier nvidiaSmiFound;

    public MemorySampler(ResidentSet host, GpuProbe nvml, CudaContextProbe cuda, Supplier<ClassLoader> notebookClasses,
            DeviceGate gate, long pid) {
        this(host, nvml, cuda, notebookClasses, gate, pid, new BooleanSupplier() {
            private @Nullable Boolean found;

            @Override
            public synchronized boolean getAsBoolean() {
                if (found == null) {
                    found = NvidiaSmiProbe.onPath().found();
                }
                return found;
            }
        });
    }

    /** @param nvidiaSmiFound whether nvidia-smi is there, asked only where NVML cannot be read */
    MemorySampler(ResidentSet host, GpuProbe nvml, CudaContextProbe cuda, Supplier<ClassLoader> notebookClasses, DeviceGate gate,
            long pid, BooleanSupplier nvidiaSmiFound) {
        this.host = host;
        this.nvml = nvml;
        this.cuda = cuda;
        this.allocator = new TorchAllocatorProbe(notebookClasses);
        this.notebookClasses = notebookClasses;
        this.gate = gate;
        this.pid = pid;
        this.nvidiaSmiFound = nvidiaSmiFound;
    }

    /** @param notebookClasses where the notebook's torch classes live */
    public static MemorySampler forThisProcess(Supplier<ClassLoader> notebookClasses) {
        return new MemorySampler(ResidentSet.system(), new NvmlProbe(DriverLibraries.system()),
                new CudaContextProbe(DriverLibraries.system()), notebookClasses, DeviceGate.thisProcess(),
                ProcessHandle.current().pid());
    }

    /**
     * The CUDA devices as this process numbers them, which ties libtorch's counters to NVML's devices: asked where
     * libtorch's CUDA is loaded only, at a cell's start, and reused by the samples taken while it runs.
     */
    public List<CudaDevice> cudaDevices() {
        if (!TorchBridge.libtorchCudaLoaded()) {
            return List.of();
        }
        return gate.ifOnDevice(cuda::devices).flatMap(Probed::asOptional).orElse(List.of());
    }

    public MemorySample sample(List<CudaDevice> cudaDevices) {
        ResidentSet.Reading reading = host.read();
        HostSample hostSample = new HostSample(reading.residentBytes(), reading.peakBytes(), javacppBytes());
        return new MemorySample(System.nanoTime(), hostSample, gpu(cudaDevices));
    }

    /** Sets the host's peak mark to now; false where the kernel does not let it (then peaks are sampled). */
    public boolean resetHostPeak() {
        return host.resetPeak();
    }

    /** Sets libtorch's peak counters to now on each device whose context is active; false where there are none. */
    public boolean resetDevicePeaks(List<CudaDevice> cudaDevices) {
        if (cudaDevices.stream().noneMatch(CudaDevice::primaryContextActive) || !TorchBridge.libtorchCudaLoaded()) {
            return false;
        }
        return gate.ifOnDevice(() -> {
            Optional<TorchAccess> torch = TorchBridge.in(notebookClasses.get()).asOptional();
            if (torch.isEmpty() || !torch.get().cudaAllocatorInitialized()) {
                return false;
            }
            for (CudaDevice device : cudaDevices) {
                if (device.primaryContextActive()) {
                    torch.get().resetPeakStats(device.ordinal());
                }
            }
            return true;
        }).orElse(false);
    }

    private GpuSample gpu(List<CudaDevice> cudaDevices) {
        Optional<GpuSample> read = gate.ifOnDevice(() -> {
            Probed<GpuSnapshot> snapshot = nvml.snapshot();
            if (snapshot instanceof Probed.Unavailable<GpuSnapshot> missing) {
                return GpuSample.notRead(nvidiaSmiFound.getAsBoolean()
                        ? "NVML cannot be read here (" + missing.reason() + "), and nvidia-smi is too slow to ask after every cell:"
                                + " %gpumem shows the GPUs"
                        : missing.reason());
            }
            List<AllocatorStats> stats = cudaDevices.isEmpty() ? List.of()
                    : allocator.stats(cudaDevices).asOptional().orElse(List.of());
            return assemble(snapshot.asOptional().orElseThrow(), cudaDevices, stats);
        });
        return read.orElseGet(GpuSample::parkedDevice);
    }

    private GpuSample assemble(GpuSnapshot snapshot, List<CudaDevice> cudaDevices, List<AllocatorStats> stats) {
        List<DeviceSample> devices = new ArrayList<>();
        List<ProcessUsage> others = new ArrayList<>();
        for (ProcessUsage process : snapshot.processes()) {
            if (!process.isPid(pid)) {
                others.add(process);
            }
        }
        for (DeviceMemory device : snapshot.devices()) {
            OptionalLong own = OptionalLong.empty();
            long othersBytes = 0;
            for (ProcessUsage process : snapshot.processes()) {
                if (!process.isOn(device.id())) {
                    continue;
                }
                if (process.isPid(pid)) {
                    own = process.usedBytes();
                } else {
                    othersBytes += process.usedBytes().orElse(0);
                }
            }
            Optional<AllocatorStats> deviceStats = CudaDevice.of(device, cudaDevices).flatMap(c -> AllocatorStats.of(c.ordinal(), stats));
            devices.add(new DeviceSample(device, own, othersBytes, deviceStats));
        }
        return new GpuSample(devices, others, Optional.empty(), false);
    }

    /** Pointer's class initialiser loads JavaCPP's JNI library: where JavaCPP loaded nothing, nothing was allocated through it. */
    private static long javacppBytes() {
        return Loader.getLoadedLibraries().isEmpty() ? 0 : Pointer.totalBytes();
    }
}
