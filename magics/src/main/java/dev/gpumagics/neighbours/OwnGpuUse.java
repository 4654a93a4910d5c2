package dev.gpumagics.neighbours;

import dev.gpumagics.context.GpuContext;
import dev.gpumagics.context.TorchCache;
import dev.gpumagics.internal.cuda.DriverLibraries;
import dev.gpumagics.probe.CudaContextProbe;
import dev.gpumagics.probe.NvmlProbe;
import dev.gpumagics.probe.TorchAllocatorProbe;
import dev.gpumagics.probe.value.AllocatorStats;
import dev.gpumagics.probe.value.CudaDevice;
import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.ProcessUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * What this process holds on each GPU, for its record: NVML's row for its pid, with libtorch's split into tensors and
 * cache. Read only where libtorch's CUDA already runs, so publishing a record never loads the CUDA libraries into a
 * kernel that does not use them, and only while the GPU state is on the device (never while parked).
 */
public final class OwnGpuUse implements Supplier<List<HeldOnGpu>> {

    private final Supplier<ClassLoader> notebookClasses;
    private final long pid = ProcessHandle.current().pid();

    public OwnGpuUse(Supplier<ClassLoader> notebookClasses) {
        this.notebookClasses = notebookClasses;
    }

    @Override
    public List<HeldOnGpu> get() {
        if (!TorchCache.libtorchCudaLoaded()) {
            return List.of();
        }
        Optional<GpuContext> context = GpuContext.ifCreated();
        Supplier<List<HeldOnGpu>> read = this::read;
        return context.isPresent() ? context.get().whileOnDevice(read).orElse(List.of()) : read.get();
    }

    private List<HeldOnGpu> read() {
        DriverLibraries libraries = DriverLibraries.system();
        Optional<GpuSnapshot> snapshot = new NvmlProbe(libraries).snapshot().asOptional();
        if (snapshot.isEmpty()) {
            return List.of();
        }
        List<CudaDevice> cuda = new CudaContextProbe(libraries).devices().asOptional().orElse(List.of());
        List<AllocatorStats> stats = new TorchAllocatorProbe(notebookClasses).stats(cuda).asOptional().orElse(List.of());
        List<HeldOnGpu> held = new ArrayList<>();
        for (DeviceMemory device : snapshot.get().devices()) {
            if (device.uuid().isEmpty()) {
                continue; // a device that names itself not cannot be matched to CUDA's, nor to a reader's
            }
            OptionalLong used = snapshot.get().processes().stream().filter(p -> p.isPid(pid) && p.isOn(device.id()))
                    .map(ProcessUsage::usedBytes).filter(OptionalLong::isPresent).findFirst().orElse(OptionalLong.empty());
            Optional<AllocatorStats> allocator = cuda.stream().filter(c -> device.hasUuid(c.uuid())).findFirst()
                    .flatMap(c -> stats.stream().filter(s -> s.deviceIndex() == c.ordinal()).findFirst());
            if (used.isEmpty() && allocator.isEmpty()) {
                continue; // not this process's device
            }
            held.add(new HeldOnGpu(device.id().toString(), device.uuid().get(), used,
                    allocator.map(a -> OptionalLong.of(a.allocated().aggregate().currentBytes())).orElse(OptionalLong.empty()),
                    allocator.map(a -> OptionalLong.of(a.cachedBytes())).orElse(OptionalLong.empty())));
        }
        return held;
    }
}
