package dev.gpumagics.internal.torch.glue;

import dev.gpumagics.internal.torch.TorchAccess;
import dev.gpumagics.probe.AllocatorStats;
import dev.gpumagics.probe.MemoryStat;
import dev.gpumagics.probe.PooledStat;
import org.bytedeco.pytorch.Stat;
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
        DeviceStats stats = allocator().getDeviceStats((byte) deviceIndex);
        return new AllocatorStats(
                deviceIndex,
                pooled(stats.allocated_bytes()),
                pooled(stats.reserved_bytes()),
                pooled(stats.active_bytes()),
                stats.num_alloc_retries(),
                stats.num_ooms());
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
