package dev.gpumagics.internal.torch.glue;

import dev.gpumagics.internal.torch.StorageHold;
import dev.gpumagics.internal.torch.TensorFacts;
import dev.gpumagics.internal.torch.TorchAccess;
import dev.gpumagics.internal.torch.TorchKind;
import dev.gpumagics.probe.value.AllocatorStats;
import dev.gpumagics.probe.value.MemoryStat;
import dev.gpumagics.probe.value.PooledStat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.Stat;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.cuda.CUDAAllocator;
import org.bytedeco.pytorch.cuda.DeviceStats;
import org.bytedeco.pytorch.global.torch_cuda;

/**
 * Linked against the notebook's torch classes; only {@code TorchBridge} instantiates it, in a loader
 * beneath the notebook's. Touches {@code torch_cuda} only when the caller knows the -gpu natives are
 * loaded, since with the CPU natives that class cannot load.
 */
public final class TorchGlue implements TorchAccess {

    @Override
    public AllocatorStats allocatorStats(int deviceIndex) {
        // returned by value: a native copy that is ours to free, read here before it is
        try (DeviceStats stats = allocator().getDeviceStats((byte) deviceIndex)) {
            return new AllocatorStats(
                    deviceIndex,
                    pooled(stats.allocated_bytes()),
                    pooled(stats.reserved_bytes()),
                    pooled(stats.active_bytes()),
                    stats.num_alloc_retries(),
                    stats.num_ooms());
        }
    }

    @Override
    public boolean cudaAllocatorInitialized() {
        return allocator().initialized();
    }

    @Override
    public void releaseCudaCache() {
        torch_cuda.clearCublasWorkspaces();
        allocator().emptyCache();
    }

    @Override
    public void resetPeakStats(int deviceIndex) {
        allocator().resetPeakStats((byte) deviceIndex);
    }

    @Override
    public boolean gradEnabled() {
        return org.bytedeco.pytorch.GradMode.is_enabled();
    }

    @Override
    public void setGradEnabled(boolean enabled) {
        org.bytedeco.pytorch.GradMode.set_enabled(enabled);
    }

    @Override
    public TorchKind kindOf(Object value) {
        if (value instanceof Tensor) {
            return TorchKind.TENSOR;
        } else if (value instanceof Module) {
            return TorchKind.MODULE;
        } else if (value instanceof Optimizer) {
            return TorchKind.OPTIMIZER;
        } else if (value instanceof Pointer && value.getClass().getName().startsWith("org.bytedeco.pytorch.")) {
            return TorchKind.OTHER_TORCH;
        }
        return TorchKind.NONE;
    }

    @Override
    public Optional<TensorFacts> tensor(Object tensor, boolean withShape) {
        return Optional.ofNullable(TensorReading.read((Tensor) tensor, withShape));
    }

    @Override
    public List<TensorFacts> contents(Object moduleOrOptimizer) {
        return moduleOrOptimizer instanceof Module module
                ? TensorReading.ofModule(module)
                : TensorReading.ofOptimizer((Optimizer) moduleOrOptimizer);
    }

    @Override
    public Map<Long, StorageHold> hold(Object torchObject, Set<Long> wantedStorageKeys) {
        return Holds.take(torchObject, wantedStorageKeys);
    }

    @Override
    public void close(Object torchObject) {
        ((Pointer) torchObject).close();
    }

    @Override
    public Object tensorToCpu(Object tensor) {
        return ((Tensor) tensor).cpu();
    }

    @Override
    public void moduleToCpu(Object module) {
        try (org.bytedeco.pytorch.Device cpu = new org.bytedeco.pytorch.Device("cpu")) {
            ((Module) module).to(cpu, false);
        }
    }

    private static CUDAAllocator allocator() {
        return torch_cuda.getAllocator();
    }

    /** A StatArray is three Stats: aggregate, small pool, large pool. */
    private static PooledStat pooled(Stat array) {
        return new PooledStat(stat(array.getPointer(0)), stat(array.getPointer(1)), stat(array.getPointer(2)));
    }

    private static MemoryStat stat(Stat stat) {
        return new MemoryStat(stat.current(), stat.peak());
    }
}
